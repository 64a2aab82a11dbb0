/**
 * The server's own validators and parsers on adversarial 100 kB inputs: long runs of the
 * characters a pattern repeats, then one that makes it fail. A pattern that backtracks
 * super-linearly takes seconds on these; linear code takes about a millisecond. (Template values
 * are checked by @message-center/templates' own test of the same kind.)
 */
import { describe, expect, it } from 'vitest';
import { BOUND_MS, expectLinear, run } from '../../test/support/linear-time.js';
import { bearerToken } from './bearer.js';
import { ExternalId } from './ids.js';
import { SearchInput, StatsOverviewInput } from './inputs.js';
import { indexTokens, queryTerms } from './search-tokens.js';
import { TemplateVariableInput } from './template-inputs.js';

describe('linear-time parsing of request input (100 kB adversarial inputs)', () => {
  it('parses bearer headers', () => {
    const inputs = ['Bearer' + run(' ') + '\n', 'Bearer ' + run('a') + '\n', 'Bearer' + run(' \t') + '\u2028', run('x')];
    expectLinear('bearerToken', inputs, (header) => expect(bearerToken(header)).toBeNull());
    expectLinear('bearerToken', ['Bearer' + run(' ') + 'x', run('Bearer ')], (header) => expect(bearerToken(header)).not.toBeNull());
    expect(bearerToken('Bearer  abc.def ')).toBe('abc.def');
    expect(bearerToken('bearer\tabc')).toBe('abc');
    expect(bearerToken('Bearer    ')).toBeNull();
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('validates external ids, variable names and dates', () => {
    const ids = [run('a') + ':', run('a ') + 'x', run('1') + '\n:', run(':')];
    expectLinear('ExternalId', ids, (id) => expect(ExternalId.safeParse(id).success).toBe(false));
    const names = [run('a') + '-', run('_1') + ' ', run('中') + '!'];
    expectLinear('TemplateVariableInput.name', names, (name) => expect(TemplateVariableInput.safeParse({ name, type: 'STRING' }).success).toBe(false));
    const dates = [run('1'), '2024-01-01' + run('1'), run('2024-') + 'x'];
    expectLinear('StatsOverviewInput dates', dates, (date) => expect(StatsOverviewInput.safeParse({ startDate: date, endDate: date }).success).toBe(false));
    expectLinear('SearchInput dates', [run('1') + 'x', run(' ') + 'x'], (date) => SearchInput.safeParse({ q: 'x', startDate: date }));
  });

  it('splits text into search tokens', () => {
    const texts = [run('a') + '!', run('维') + 'a', run('a维'), run('1a') + '!', run('!'), run('ｱ'), run('😀')];
    // Indexing does work per character by design (each CJK character and pair is a token) and
    // its input is capped at title + content (20,201 characters); at 100 kB this checks that the
    // splitting pattern stays linear, which a backtracking one would not (seconds).
    expectLinear('indexTokens', texts, (text) => indexTokens(text), 4 * BOUND_MS);
    expectLinear('queryTerms', texts, (text) => queryTerms(text), 4 * BOUND_MS);
  });
});
