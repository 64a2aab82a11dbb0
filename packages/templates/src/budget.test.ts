import { describe, expect, it } from 'vitest';
import { CONTENT, TITLE } from '../test/fixtures/maintenance-notice.js';
import { DEFAULT_BUDGET, type RenderBudget } from './budget.js';
import { compile } from './compile.js';
import { isTemplateBudgetError, TemplateBudgetError } from './errors.js';
import { preview } from './preview.js';
import { render } from './render.js';

const run = (source: string, values: Record<string, unknown> = {}, budget?: Partial<RenderBudget>) =>
  render(compile(source), values, { timeZone: 'UTC', now: 0, ...(budget ? { budget } : {}) });

/** The budget error `action` throws (failing the test if it throws anything else or nothing). */
function budgetErrorOf(action: () => unknown): TemplateBudgetError {
  try {
    action();
  } catch (error) {
    if (error instanceof TemplateBudgetError) return error;
    throw error;
  }
  throw new Error('expected a TemplateBudgetError, but the render succeeded');
}

/**
 * Wall time and CPU time of `action` in milliseconds, and what it threw. CPU time is this
 * process's only, so the bounds on it hold on a machine busy with other work.
 */
function timed(action: () => unknown): { ms: number; cpuMs: number; error: unknown } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let error: unknown;
  try {
    action();
  } catch (caught) {
    error = caught;
  }
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, error };
}

// The first render of a process loads time-zone and locale data; keep that out of the timings.
run('{currentDate}');

const list = Array.from({ length: 10_000 }, (_, i) => i);
const ATTACK = "{for i in l}{if size(replace(x,'a',x)) == 0}{/if}{/for}";

describe('evaluation budget: work inside a loop is bounded', () => {
  it('stops the replace-in-a-loop attack at its first iteration, fast', () => {
    const { ms, error } = timed(() => run(ATTACK, { x: 'a'.repeat(1000), l: list }));
    expect(error).toBeInstanceOf(TemplateBudgetError);
    expect(ms).toBeLessThan(100);
    const budgetError = error as TemplateBudgetError;
    expect(budgetError.code).toBe('BUDGET_EXCEEDED');
    expect(budgetError.budget).toBe('maxValueChars');
    // Points at the replace() call, which would have built a 1,000,000-character text.
    expect([budgetError.line, budgetError.column]).toEqual([1, 22]);
    expect(budgetError.message).toMatch(/longer than 100000 characters \(budget\.maxValueChars\).*\(line 1, column 22\)$/);
  });

  it('stops the same attack by operations when each step stays under the size cap', () => {
    // 300² = 90,000 characters per iteration: under maxValueChars, so only counting stops it.
    const { cpuMs, error } = timed(() => run(ATTACK, { x: 'a'.repeat(300), l: list }));
    expect(error).toBeInstanceOf(TemplateBudgetError);
    expect((error as TemplateBudgetError).budget).toBe('maxOperations');
    // The whole default budget is spent in about 20 ms of CPU; without it this runs for seconds.
    expect(cpuMs).toBeLessThan(250);
  });

  it('counts comparisons, calls and iterations, not only output', () => {
    const source = '{for i in l}{if i == 1 && upper(s) != s}{/if}{/for}';
    expect(run(source, { l: list.slice(0, 100), s: 'abc' })).toBe('');
    const error = budgetErrorOf(() => run(source, { l: list.slice(0, 100), s: 'abc' }, { maxOperations: 500 }));
    expect(error.budget).toBe('maxOperations');
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/more than 500 operations \(budget\.maxOperations\)/);
  });

  it('charges long texts by their length', () => {
    const long = 'a'.repeat(50_000);
    // One comparison of two 50,000-character texts costs thousands of operations.
    expect(budgetErrorOf(() => run('{if s == t}{/if}', { s: long, t: long }, { maxOperations: 1000 })).budget).toBe('maxOperations');
    expect(run('{if s == t}y{/if}', { s: long, t: long }, { maxOperations: 20_000 })).toBe('y');
  });

  it('caps every built text before building it: replace, join, json, url, printed lists', () => {
    const cap = { maxValueChars: 1000 };
    const cases: [string, Record<string, unknown>][] = [
      ["{replace(s, 'a', s)}", { s: 'a'.repeat(40) }],
      ['{join(l)}', { l: list }],
      ["{join(l, '--------')}", { l: list.slice(0, 200) }],
      ['{json(o)}', { o: { big: list } }],
      ['{l}', { l: list }],
      ["{url('/p', o)}", { o: Object.fromEntries(list.slice(0, 500).map((i) => [`k${i}`, i])) }],
      ['{upper(s)}', { s: 'b'.repeat(2000) }],
    ];
    for (const [source, values] of cases) {
      expect(budgetErrorOf(() => run(source, values, cap)).budget, source).toBe('maxValueChars');
    }
    // Values printed as supplied are not built by the template: only maxOutputLength applies.
    expect(run('{s}', { s: 'c'.repeat(2000) }, cap)).toHaveLength(2000);
    expect(run("{s|default('x')}", { s: 'c'.repeat(2000) }, cap)).toHaveLength(2000);
  });

  it("counts an object's keys once per render, however often the template tests it", () => {
    const o = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    const { cpuMs, error } = timed(() => run('{for i in l}{if o}{size(o)}{/if}{/for}', { o, l: list.slice(0, 1000) }));
    expect(error).toBeUndefined();
    expect(cpuMs).toBeLessThan(1000);
    expect(budgetErrorOf(() => run("{if o}{/if}", { o }, { maxOperations: 10_000 })).budget).toBe('maxOperations');
  });

  it('is configurable and documented by its defaults', () => {
    expect(DEFAULT_BUDGET).toEqual({ maxOperations: 1_000_000, maxValueChars: 100_000 });
    expect(Object.isFrozen(DEFAULT_BUDGET)).toBe(true);
    // A larger budget lets the 300-character attack run to the end (it prints nothing).
    expect(run(ATTACK, { x: 'a'.repeat(300), l: list.slice(0, 50) }, { maxOperations: 10_000_000 })).toBe('');
    // Unset or NaN fields keep their defaults.
    expect(run('{s}', { s: 'ok' }, { maxOperations: Number.NaN })).toBe('ok');
  });
});

describe('ordinary templates are unaffected', () => {
  const values = {
    userName: '张三',
    maintenanceDate: new Date('2024-03-15T18:00:00Z'),
    duration: 4,
    affectedServices: [
      { name: '设备管理', description: '暂停添加和删除设备' },
      { name: '消息推送', description: '通知可能延迟送达' },
    ],
    contactInfo: { phone: '400-123-4567', email: 'ops@example.com' },
  };
  const options = { timeZone: 'Asia/Shanghai', now: new Date('2024-03-10T01:30:00Z') };

  it('renders the seed maintenance notice identically with and without a budget override, using a tiny part of the default', () => {
    for (const source of [TITLE, CONTENT]) {
      const template = compile(source);
      const expected = render(template, values, options);
      expect(render(template, values, { ...options, budget: DEFAULT_BUDGET })).toBe(expected);
      // Title and content each fit in 200 operations: 1/5000 of the default budget.
      expect(render(template, values, { ...options, budget: { maxOperations: 200, maxValueChars: 1000 } })).toBe(expected);
    }
  });
});

describe('the budget error', () => {
  it('is recognised by isTemplateBudgetError, also from another copy of the package', () => {
    const error = budgetErrorOf(() => run('{for i in l}{i}{/for}', { l: list }, { maxOperations: 100 }));
    expect(isTemplateBudgetError(error)).toBe(true);
    expect(isTemplateBudgetError(Object.assign(new Error('x'), { code: 'BUDGET_EXCEEDED' }))).toBe(true);
    expect(isTemplateBudgetError(new Error('x'))).toBe(false);
    expect(isTemplateBudgetError({ code: 'BUDGET_EXCEEDED' })).toBe(false);
  });

  it('is a preview diagnostic with its position, never a throw', () => {
    const variables = [
      { name: 'x', type: 'STRING', required: true },
      { name: 'l', type: 'ARRAY', required: true },
    ] as const;
    const result = preview({ title: 'ok', content: 'line one\n' + ATTACK, variables, values: { x: 'a'.repeat(1000), l: list }, options: { timeZone: 'UTC' } });
    expect(result.hasErrors).toBe(true);
    expect(result.title).toBe('ok');
    expect(result.content).toBeNull();
    expect(result.diagnostics.content).toEqual([
      expect.objectContaining({ code: 'BUDGET_EXCEEDED', severity: 'error', line: 2, column: 22, message: expect.stringMatching(/budget\.maxValueChars/) }),
    ]);
    // The same budget option as render.
    const strict = preview({ content: '{for i in l}{i}{/for}', variables, values: { l: list.slice(0, 10) }, options: { budget: { maxOperations: 5 } } });
    expect(strict.diagnostics.content[0]?.code).toBe('BUDGET_EXCEEDED');
  });
});
