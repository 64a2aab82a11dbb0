import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('security settings in the configuration', () => {
  it('defaults: http/https links, batches of 50, reads limited, no max token lifetime, metrics off the API port', () => {
    const c = loadConfig({});
    expect(c.MC_URL_SCHEMES).toEqual(['http', 'https']);
    expect(c.MC_HTTP_MAX_BATCH).toBe(50);
    expect(c.rateLimits.readsPerUserPerMinute).toBe(1200);
    expect(c.MC_JWT_MAX_LIFETIME_SECONDS).toBeUndefined();
    expect(c.MC_METRICS_PORT).toBeUndefined();
    expect(c.MC_METRICS_HOST).toBe('127.0.0.1');
    expect(c.MC_METRICS_TOKEN).toBeUndefined();
  });

  it('reads the settings and refuses bad values naming the variable (never echoing a token)', () => {
    const c = loadConfig({ MC_URL_SCHEMES: 'https, mailto', MC_METRICS_PORT: '9464', MC_JWT_MAX_LIFETIME_SECONDS: '86400' });
    expect(c.MC_URL_SCHEMES).toEqual(['https', 'mailto']);
    expect(c.MC_METRICS_PORT).toBe(9464);
    expect(() => loadConfig({ MC_URL_SCHEMES: 'HTTP,java script' })).toThrow(/MC_URL_SCHEMES/);
    expect(() => loadConfig({ MC_HTTP_MAX_BATCH: '0' })).toThrow(/MC_HTTP_MAX_BATCH/);
    try {
      loadConfig({ MC_METRICS_TOKEN: 'short-secret' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect(String(err)).toMatch(/MC_METRICS_TOKEN/);
      expect(String(err)).not.toContain('short-secret');
    }
  });
});

describe('worker processes', () => {
  it('defaults to one process, takes the --workers override, and needs REDIS_URL for more than one', () => {
    expect(loadConfig({}).MC_WORKERS).toBe(1);
    expect(loadConfig({ MC_WORKERS: '3', REDIS_URL: 'redis://127.0.0.1:6379' }).MC_WORKERS).toBe(3);
    expect(loadConfig({ MC_WORKERS: '1', REDIS_URL: 'redis://127.0.0.1:6379' }, { MC_WORKERS: '2' }).MC_WORKERS).toBe(2);
    expect(() => loadConfig({ MC_WORKERS: '2' })).toThrow(/REDIS_URL: is required when MC_WORKERS/);
    expect(() => loadConfig({}, { MC_WORKERS: '0' })).toThrow(/MC_WORKERS/);
    expect(() => loadConfig({}, { MC_WORKERS: '65' })).toThrow(/MC_WORKERS/);
  });
});
