import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { TEMPLATE_FUNCTIONS } from './formats.js';
import { render } from './render.js';

const run = (source: string, values: Record<string, unknown> = {}) => render(compile(source), values, { timeZone: 'UTC', now: 0 });

describe('formats and functions', () => {
  it.each([
    ['{s|upper}', { s: 'abc' }, 'ABC'],
    ['{s|lower}', { s: 'ÀBC' }, 'àbc'],
    ['{s|capitalize}', { s: 'hello world' }, 'Hello world'],
    ['{s|trim}', { s: '  x \n' }, 'x'],
    ['{s|truncate(5)}', { s: '系统维护通知与公告' }, '系统维护通…'],
    ["{s|truncate(5, '...')}", { s: 'abcdefgh' }, 'abcde...'],
    ['{s|truncate(8)}', { s: 'abcdefgh' }, 'abcdefgh'],
    ['{s|truncate(2)}', { s: '😀😃😄' }, '😀😃…'],
    ['{substring(s, 0, 4)}', { s: '系统维护通知' }, '系统维护'],
    ['{s|substring(2)}', { s: 'abcdef' }, 'cdef'],
    ['{substring(s, -3)}', { s: 'abcdef' }, 'def'],
    ["{s|replace('-', ' ')}", { s: 'a-b-c' }, 'a b c'],
    ["{s|replace('.*', '!')}", { s: 'a.*b' }, 'a!b'],
    ["{s|default('无')}", { s: null }, '无'],
    ["{s|default('无')}", { s: 0 }, '0'],
    ['{n|number}', { n: 1234567.891 }, '1,234,567.891'],
    ['{n|number(2)}', { n: 1234.5 }, '1,234.50'],
    ['{n|number(0)}', { n: '1999.5' }, '2,000'],
    ['{o|json}', { o: { a: [1, '二'], b: null } }, '{"a":[1,"二"],"b":null}'],
    ['{s|json}', { s: 'x"y' }, '"x\\"y"'],
    ['{l|size} {s|size} {o|size} {n|size}', { l: [1, 2], s: '你好', o: { a: 1 }, n: 5 }, '2 2 1 0'],
    ["{l|join(' / ')}", { l: ['a', 1, true] }, 'a / 1 / true'],
    ['{l|first}-{l|last}-{s|first}', { l: [1, 2, 3], s: 'xyz' }, '1-3-x'],
    ['{first(l).name}', { l: [{ name: 'n' }] }, 'n'],
    ["{url('/orders', q)}", { q: { id: 42, tag: ['a b', '中'], empty: '', none: null } }, '/orders?id=42&tag=a%20b&tag=%E4%B8%AD'],
    ["{url('/a?x=1#top', q)}", { q: { y: '&' } }, '/a?x=1&y=%26#top'],
    ['{p|url}', { p: 'https://example.com' }, 'https://example.com'],
    ['q={k|urlencode}', { k: 'a&b=c 中' }, 'q=a%26b%3Dc%20%E4%B8%AD'],
    ['{s|upper}|{s|date}|{s|number}', {}, '||'],
  ] as const)('%s with %j → %s', (source, values, expected) => {
    expect(run(source, values)).toBe(expected);
  });

  it('a format and its call form are the same function', () => {
    const values = { s: 'Hello', d: '2024-05-06T07:08:09Z' };
    expect(run("{upper(s)}{truncate(s, 2)}{date(d, 'dd')}", values)).toBe(run("{s|upper}{s|truncate(2)}{d|date('dd')}", values));
  });

  it('refuses argument values it cannot use', () => {
    expect(() => run('{n|number(50)}', { n: 1 })).toThrow(/digits must be a whole number from 0 to 20/);
    expect(() => run('{n|number}', { n: 'abc' })).toThrow(/number: "abc" is not a number/);
    expect(() => run('{url(p, q)}', { p: '/x', q: 'a=b' })).toThrow(/url: the second argument must be an object/);
    expect(() => run('{d|date(5)}', { d: 0 })).toThrow(/the pattern must be text/);
  });

  it('lists every function with its arity for editors', () => {
    const names = TEMPLATE_FUNCTIONS.map((fn) => fn.name);
    expect(names).toEqual(expect.arrayContaining(['upper', 'lower', 'truncate', 'number', 'default', 'json', 'date', 'substring', 'url']));
    for (const fn of TEMPLATE_FUNCTIONS) {
      expect(fn.minArgs).toBeGreaterThanOrEqual(1);
      expect(fn.maxArgs).toBeGreaterThanOrEqual(fn.minArgs);
      expect(fn.signature.startsWith(`${fn.name}(`)).toBe(true);
      expect(Object.isFrozen(fn)).toBe(true);
    }
  });
});
