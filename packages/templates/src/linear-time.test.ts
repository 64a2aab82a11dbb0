/**
 * Every validator and parser of this package on adversarial 100 kB inputs: long runs of the
 * characters a pattern loops over, followed by a character that makes it fail. Backtracking
 * that grows faster than the input turns these into seconds; linear code takes about a
 * millisecond. The bound is generous so that a loaded machine stays green.
 */
import { describe, expect, it } from 'vitest';
import { checkDeclarations } from './validate-template.js';
import { checkValues } from './check-values.js';
import { compile } from './compile.js';
import { preview } from './preview.js';
import { render } from './render.js';
import { validate } from './validate.js';
import { VariableType, type TemplateVariable } from './variables.js';

const N = 100_000;
const BOUND_MS = 50;
const run = (text: string, n = N): string => text.repeat(Math.ceil(n / text.length)).slice(0, n);

/** Runs `action` on each input and asserts that each run stays under the bound. */
function expectLinear(name: string, inputs: readonly string[], action: (input: string) => unknown, bound = BOUND_MS): void {
  try {
    action('warm-up'); // compiles the code paths; its result doesn't matter
  } catch {
    // a failed expectation on the warm-up input is not the point
  }
  for (const input of inputs) {
    // CPU time of this process, best of three: other processes on a busy machine don't count,
    // and a quadratic pattern is slow every time.
    let ms = Infinity;
    for (let attempt = 0; attempt < 3 && ms >= bound; attempt++) {
      const start = process.cpuUsage();
      action(input);
      const used = process.cpuUsage(start);
      ms = Math.min(ms, (used.user + used.system) / 1000);
    }
    expect(ms, `${name} on ${JSON.stringify(input.slice(0, 12))}… (${input.length} chars) took ${ms.toFixed(1)} ms of CPU`).toBeLessThan(bound);
  }
}

/** Adversarial inputs for each declared type's check (`checkValues`). */
const VALUE_INPUTS: Record<VariableType, string[]> = {
  EMAIL: [
    'a@' + run('.') + ' ',
    'a@' + run('b.') + ' ',
    'a@b' + run('.b') + '.',
    run('a') + ' ',
    run('a') + '@' + run('b') + ' ',
    'a@' + run('b') + '@',
    run('@.') + ' ',
    run(' '),
  ],
  PHONE: [run('1') + 'x', '+' + run('(') + 'x', run(' ') + 'x', run('1-') + '@'],
  URL: [run('a') + ' ', 'a:' + run('b') + ' ', '/' + run('a') + ' ', run('a+') + '!', 'a:' + run(':') + ' ', run('/')],
  DATE: ['2024-01-01' + run(' ') + 'x', run('1'), '2024-01-01T00:00:00.' + run('1'), run(' ') + 'x', '-' + run('1') + '-'],
  DATETIME: ['2024-01-01T00:00' + run(' ') + '+', run('2024-') + 'x'],
  STRING: [run('a')],
  NUMBER: [run('1') + 'x'],
  BOOLEAN: [run('t')],
  ARRAY: [run('[')],
  OBJECT: [run('{')],
};

describe('linear-time validation on 100 kB inputs', () => {
  it('checks values of every declared type in linear time', () => {
    for (const type of VariableType) {
      const variables: TemplateVariable[] = [{ name: 'v', type, required: true }];
      expectLinear(`checkValues(${type})`, VALUE_INPUTS[type], (input) => checkValues(variables, { v: input }));
    }
  });

  it('reads numbers from text in linear time (==, <, number())', () => {
    const inputs = [run('1') + 'x', run(' ') + 'x', '1.' + run('1') + 'x', '.' + run('1') + 'x', '1e' + run('1') + 'x', run('1') + run(' ') + 'x', '-' + run('.') + '1', run('1') + '.' + run('1') + 'e'];
    // A budget large enough for the text costs, so the comparison itself is what runs.
    const options = { timeZone: 'UTC', now: 0, budget: { maxOperations: 10_000_000 } };
    for (const source of ['{if n == 1}y{/if}', '{if n < 1}y{/if}']) {
      const template = compile(source);
      expectLinear(source, inputs, (n) => expect(render(template, { n }, options)).toBe(''));
    }
    expectLinear('number()', inputs, (n) => expect(() => render(compile('{number(n)}'), { n }, options)).toThrow(/is not a number/));
  });

  it('reads dates from text in linear time (date())', () => {
    const template = compile('{date(d)}');
    const inputs = [...VALUE_INPUTS.DATE, ...VALUE_INPUTS.DATETIME];
    expectLinear('date()', inputs, (d) => expect(() => render(template, { d }, { timeZone: 'UTC' })).toThrow(/can't read/));
  });

  it('lexes and parses hostile template sources in linear time', () => {
    const sources = [
      '{' + run(' ') + 'x',
      '{if' + run(' ') + 'x',
      '{/' + run(' ') + 'x',
      '{else' + run(' ') + 'if',
      run('{if ') + 'x',
      '{' + run('a') + '(',
      "{'" + run('a'),
      '{#' + run('a'),
      '{x|' + run('a'),
      '{0' + run('0') + '.x}',
      run('{') + 'x',
      run('}'),
      run('{{'),
      run(' \t') + '\r',
      '{x:' + run(' ') + 'y',
    ];
    // A whole source is more work than one pattern: `{if {if …` alone reports 25,000 problems.
    const bound = 5 * BOUND_MS;
    expectLinear('validate', sources, (source) => validate(source, [{ name: 'x', type: 'STRING', required: false }]), bound);
    expectLinear('preview', sources, (source) => preview({ content: source }), bound);
  });

  it('checks variable names and prints text in linear time', () => {
    expectLinear('checkDeclarations', [run('a') + '-', run('_1') + ' '], (name) => checkDeclarations([{ name, type: 'STRING', required: false }]));
    const html = compile('{s}');
    expectLinear('html escaping', [run('<'), run('&"')], (s) => render(html, { s }, { mode: 'html', limits: { maxOutputLength: 1_000_000 } }));
    const roomy = { budget: { maxOperations: 10_000_000, maxValueChars: 10_000_000 }, limits: { maxOutputLength: 10_000_000 } };
    for (const source of ['{size(s)}', '{truncate(s, 50000)}', '{substring(s, -50000)}', '{first(s)}{last(s)}', '{urlencode(s)}']) {
      const template = compile(source);
      expectLinear(source, [run('😀'), run('\uD800'), run('\uDC00a')], (s) => render(template, { s }, roomy));
    }
  });
});
