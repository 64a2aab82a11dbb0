import { describe, expect, it } from 'vitest';
import { FREE_JSON_MAX_DEPTH, FreeJsonObject, findFreeJsonProblem } from './free-json.js';
import { disallowedUrlPaths, effectiveScheme } from './url-schemes.js';

describe('free-form JSON', () => {
  it('finds poisonous keys at any depth with their path, and accepts ordinary data', () => {
    expect(findFreeJsonProblem({ a: [1, { b: 'x' }], c: null })).toBeNull();
    expect(findFreeJsonProblem({ a: [1, { constructor: 1 }] })?.path).toEqual(['a', 1, 'constructor']);
    expect(findFreeJsonProblem(JSON.parse('{"x":{"__proto__":{}}}'))?.path).toEqual(['x', '__proto__']);
    expect(FreeJsonObject.safeParse({ prototype: 1 }).success).toBe(false);
    expect(FreeJsonObject.safeParse([1]).success).toBe(false);
  });

  it('refuses nesting past the limit without recursion, and walks 100 kB inputs in milliseconds', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(findFreeJsonProblem(deep)?.message).toMatch(String(FREE_JSON_MAX_DEPTH));
    const wide = JSON.parse(JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, [i, { v: i }]])))) as unknown;
    const started = performance.now();
    expect(findFreeJsonProblem(wide)).toBeNull();
    // About 30,000 nodes (300 kB of JSON); generous for a loaded machine, far below a stall.
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('link schemes', () => {
  it('sees the scheme a browser would follow, disguises included', () => {
    expect(effectiveScheme('HTTPS://x.test')).toBe('https');
    expect(effectiveScheme(' java\tscript:alert(1)')).toBe('javascript');
    expect(effectiveScheme('\u0000javascript:alert(1)')).toBe('javascript');
    expect(effectiveScheme('/relative')).toBe('https');
    expect(effectiveScheme('http://[bad')).toBeNull();
  });

  it('names the path of every refused link', () => {
    expect(disallowedUrlPaths({ actionUrl: 'javascript:x', attachments: [{ name: 'a', url: 'https://ok.test', type: 'file' }, { name: 'b', url: 'data:x', type: 'file' }] })).toEqual([
      'metadata.actionUrl',
      'metadata.attachments.1.url',
    ]);
    expect(disallowedUrlPaths({ actionUrl: 'mailto:a@b.test' }, ['mailto'])).toEqual([]);
  });
});
