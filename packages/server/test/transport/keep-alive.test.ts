import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** The `Keep-Alive` header and whether the connection stays open, for one GET. */
function keepAliveOf(url: string): Promise<{ header: string | undefined; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/healthz`, { agent: false, headers: { connection: 'keep-alive' } }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve({ header: res.headers['keep-alive'] as string | undefined, connection: res.headers.connection });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP keep-alive (MC_HTTP_KEEP_ALIVE_MS)', () => {
  let byDefault: TestServer;
  let short: TestServer;
  beforeAll(async () => {
    byDefault = await startTestServer({});
    short = await startTestServer({ MC_HTTP_KEEP_ALIVE_MS: '2000' });
  });
  afterAll(async () => {
    await byDefault?.stop();
    await short?.stop();
  });

  it('keeps idle connections 65 s by default (above a 60 s load-balancer idle timeout), and tells the client', async () => {
    expect(await keepAliveOf(byDefault.url)).toEqual({ header: 'timeout=65', connection: 'keep-alive' });
  });

  it('follows the setting', async () => {
    expect(await keepAliveOf(short.url)).toEqual({ header: 'timeout=2', connection: 'keep-alive' });
  });

  it('refuses values outside 1 s – 10 min, naming the variable', () => {
    expect(() => loadConfig({ MC_HTTP_KEEP_ALIVE_MS: '999' })).toThrow(/MC_HTTP_KEEP_ALIVE_MS/);
    expect(() => loadConfig({ MC_HTTP_KEEP_ALIVE_MS: '600001' })).toThrow(/MC_HTTP_KEEP_ALIVE_MS/);
    expect(() => loadConfig({ MC_HTTP_KEEP_ALIVE_MS: 'soon' })).toThrow(/MC_HTTP_KEEP_ALIVE_MS/);
  });
});
