import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.js';

const shape = (source: string) =>
  tokenize(source).tokens.map((t) => (t.kind === 'text' ? t.value : `<${source.slice(t.start, t.end)}>`));

describe('tokenize', () => {
  it('splits text and tags, turning {{ and }} into braces', () => {
    expect(shape('a {{b}} {c} d}')).toEqual(['a {b} ', '<{c}>', ' d}']);
  });

  it('ends a tag at the first } outside a string', () => {
    expect(shape("{replace(s, '}', '{')}!")).toEqual(["<{replace(s, '}', '{')}>", '!']);
  });

  it('reads quotes in a raw fallback as text, and a quoted fallback as a string', () => {
    expect(shape("{name:it's}{x:'a}b'|upper}")).toEqual(["<{name:it's}>", "<{x:'a}b'|upper}>"]);
  });

  it('marks block tags and comments for the standalone rule, not outputs', () => {
    const kinds = tokenize('{if a}{ else }{/ if}{for x in y}{/for}{# c}{iffy}{forms}').tokens.map((t) => t.kind === 'tag' && t.isBlock);
    expect(kinds).toEqual([true, true, true, true, true, true, false, false]);
  });

  it('reports unclosed tags and strings, and keeps going', () => {
    const { tokens, problems } = tokenize("a {b\nc {d 'e\n{f}");
    expect(problems.map((p) => p.start)).toEqual([2, 10]);
    expect(problems[1]!.message).toContain('Unterminated string');
    expect(tokens.at(-1)).toMatchObject({ kind: 'tag', start: 13 });
  });

  it('stays linear on long runs of braces', () => {
    const source = `${'}'.repeat(200_000)}{x}${"{'".repeat(50_000)}`;
    const { tokens, problems } = tokenize(source);
    expect(tokens).toHaveLength(3);
    expect(problems.length).toBeGreaterThan(0);
  });
});
