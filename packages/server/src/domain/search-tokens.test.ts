import { describe, expect, it } from 'vitest';
import { indexTokens, isIndexOf, queryTerms } from './search-tokens.js';

describe('search tokens', () => {
  it('indexes CJK characters and bigrams, and lower-cased Latin words', () => {
    const tokens = indexTokens('系统维护 Server');
    expect(tokens).toEqual(expect.arrayContaining(['系', '系统', '维护', 'server']));
  });

  it('splits a Latin word from the CJK text it touches', () => {
    const tokens = indexTokens('LED屏幕维护');
    expect(tokens).toContain('led');
    expect(tokens).toContain('屏幕');
    expect(tokens).not.toContain('d屏');
    expect(queryTerms('LED屏幕')).toEqual({ exact: ['led', '屏幕'], prefix: null });
  });

  it('treats the last Latin word of a query as a prefix', () => {
    expect(queryTerms('维护 serv')).toEqual({ exact: ['维护'], prefix: 'serv' });
  });

  it('knows a token list came from indexTokens of exactly this text, and nothing else', () => {
    const tokens = indexTokens('Device 7 went offline');
    expect(isIndexOf(tokens, 'Device 7 went offline')).toBe(true);
    expect(isIndexOf(tokens, 'Device 8 went offline')).toBe(false);
    // An equal list made some other way is not known to be derived (the store keeps a copy).
    expect(isIndexOf([...tokens], 'Device 7 went offline')).toBe(false);
    const grown = indexTokens('Device 7 went offline');
    grown.push('extra');
    expect(isIndexOf(grown, 'Device 7 went offline')).toBe(false);
  });
});
