import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { TemplateLimitError, TemplateSyntaxError } from './errors.js';
import { render } from './render.js';
import { validate } from './validate.js';

const run = (source: string, values: Record<string, unknown> = {}, limits = {}) => render(compile(source), values, { timeZone: 'UTC', now: 0, limits });

function limitOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof TemplateLimitError) return error.limit;
    throw error;
  }
  return undefined;
}

describe('no access outside the supplied data', () => {
  it('refuses prototype property names at compile time', () => {
    for (const source of ['{__proto__}', '{a.constructor}', '{a.__proto__.x}', "{a['constructor']}", '{a.prototype}', '{for constructor in xs}{/for}']) {
      expect(() => compile(source), source).toThrow(TemplateSyntaxError);
    }
  });

  it('reads only own data properties, even through computed keys', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}, "x": 1}') as Record<string, unknown>;
    const values = { a: hostile, s: 'text', k1: '__proto__', k2: 'constructor', k3: 'toString', k4: 'hasOwnProperty' };
    expect(run('[{a[k1]}][{a[k2]}][{s[k2]}][{a[k3]}][{a[k4]}][{a.toString}][{toString}][{valueOf}]', values)).toBe('[][][][][][][][]');
    expect(run('{a.polluted}', values)).toBe('');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never calls functions found in the values', () => {
    let called = false;
    const values = { f: () => (called = true), o: { get: () => (called = true) } };
    expect(run('{f}{o.get}{if f}y{/if}', values)).toBe('');
    expect(called).toBe(false);
  });

  it('has no way to call anything but the built-in functions', () => {
    expect(() => compile('{a.b()}')).toThrow(/Only functions can be called/);
    expect(() => compile('{eval("1")}')).toThrow(/Unknown function `eval`/);
    expect(() => compile('{constructor.constructor("return 1")()}')).toThrow(TemplateSyntaxError);
  });
});

describe('limits', () => {
  it('bounds loop iterations across all loops', () => {
    const xs = Array.from({ length: 200 }, (_, i) => i);
    expect(limitOf(() => run('{for a in xs}{for b in xs}.{/for}{/for}', { xs }))).toBe('maxLoopIterations');
    expect(limitOf(() => run('{for a in xs}.{/for}', { xs }, { maxLoopIterations: 200 }))).toBeUndefined();
    expect(limitOf(() => run('{for a in xs}.{/for}', { xs }, { maxLoopIterations: 199 }))).toBe('maxLoopIterations');
  });

  it('bounds output length with a message naming the limit', () => {
    const big = 'x'.repeat(1000);
    expect(limitOf(() => run('{for a in xs}{big}{/for}', { xs: Array.from({ length: 200 }), big }))).toBe('maxOutputLength');
    expect(() => run('{big}{big}', { big }, { maxOutputLength: 1500 })).toThrow(/longer than 1500 characters.*limits\.maxOutputLength \(line 1, column 6\)/);
    expect(limitOf(() => run('{for a in xs}' + 'y'.repeat(1000) + '{/for}', { xs: Array.from({ length: 200 }) }))).toBe('maxOutputLength');
  });

  it('bounds nesting depth at render time and refuses absurd nesting at compile time', () => {
    const nested = (n: number) => '{if a}'.repeat(n) + 'deep' + '{/if}'.repeat(n);
    expect(run(nested(20), { a: 1 })).toBe('deep');
    expect(limitOf(() => run(nested(21), { a: 1 }))).toBe('maxDepth');
    expect(run(nested(30), { a: 1 }, { maxDepth: 30 })).toBe('deep');
    expect(validate(nested(70), [{ name: 'a', type: 'BOOLEAN', required: false }]).map((d) => d.code)).toEqual(['NESTING_TOO_DEEP']);
    expect(() => compile(nested(10_000))).toThrow(/nested more than 64 levels/);
  });

  it('refuses absurdly nested expressions without overflowing the stack', () => {
    expect(() => compile('{' + '('.repeat(5000) + 'a' + ')'.repeat(5000) + '}')).toThrow(/nested more than 64 levels/);
    expect(() => compile('{' + '!'.repeat(5000) + 'a}')).toThrow(/nested more than 64 levels/);
    expect(() => compile('{' + 'a.'.repeat(400) + 'a}')).not.toThrow();
    expect(() => compile('{' + 'a.'.repeat(100_000) + 'a}')).toThrow(/too long/);
    expect(() => compile('{' + 'a || '.repeat(100_000) + 'a}')).toThrow(/too long/);
  });
});
