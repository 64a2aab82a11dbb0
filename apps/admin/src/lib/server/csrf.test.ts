import { afterEach, describe, expect, it } from 'vitest';
import { refuseCrossOrigin, refuseCsrf, type CsrfRequest } from './csrf';

const request = (
  method: string,
  headers: Record<string, string>,
  cookies: Record<string, string> = {},
): CsrfRequest => ({
  method,
  headers: new Headers({ host: 'console.example:3001', ...headers }),
  cookie: (name) => cookies[name],
});
const ORIGIN = 'http://console.example:3001';

describe('CSRF checks', () => {
  afterEach(() => {
    delete process.env.MC_CONSOLE_ORIGINS;
  });

  it('lets reads through without any token', () => {
    expect(refuseCsrf(request('GET', { origin: 'https://evil.example' }))).toBeNull();
  });

  it('accepts a same-origin mutation that echoes the CSRF cookie', () => {
    const req = request('POST', { origin: ORIGIN, 'x-mc-csrf': 'abc123' }, { mc_csrf: 'abc123' });
    expect(refuseCsrf(req)).toBeNull();
  });

  it('refuses a mutation from another origin even with the token', () => {
    const req = request(
      'POST',
      { origin: 'https://evil.example', 'x-mc-csrf': 'abc123' },
      { mc_csrf: 'abc123' },
    );
    expect(refuseCsrf(req)).toBe('origin https://evil.example is not this console');
  });

  it('refuses a same-origin mutation without the token or with a different one', () => {
    expect(refuseCsrf(request('POST', { origin: ORIGIN }, { mc_csrf: 'abc123' }))).toBe(
      'the CSRF token is missing',
    );
    const forged = request(
      'POST',
      { origin: ORIGIN, 'x-mc-csrf': 'abc124' },
      { mc_csrf: 'abc123' },
    );
    expect(refuseCsrf(forged)).toBe('the CSRF token does not match');
  });

  it('falls back to Sec-Fetch-Site when the browser sends no Origin, and refuses neither', () => {
    expect(refuseCrossOrigin(request('POST', { 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(refuseCrossOrigin(request('POST', { 'sec-fetch-site': 'cross-site' }))).toBe(
      'the request names no origin',
    );
    expect(refuseCrossOrigin(request('POST', {}))).toBe('the request names no origin');
  });

  it('uses MC_CONSOLE_ORIGINS when the console sits behind a proxy that rewrites Host', () => {
    process.env.MC_CONSOLE_ORIGINS = 'https://admin.example, https://admin2.example';
    expect(refuseCrossOrigin(request('POST', { origin: 'https://admin2.example' }))).toBeNull();
    expect(refuseCrossOrigin(request('POST', { origin: ORIGIN }))).toBe(
      `origin ${ORIGIN} is not this console`,
    );
  });
});
