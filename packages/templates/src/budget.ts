/**
 * The evaluation budget: what one render may spend, whatever the template and values. Loop and
 * output limits alone don't bound the work done *inside* an iteration (a `replace` that builds a
 * megabyte of text, then a comparison that reads it, ten thousand times), so every step of a
 * render is counted in operations and every text a step builds is capped before it is built.
 */
import type { Expression } from './ast.js';
import type { RenderContext } from './render-context.js';
import { isTruthy } from './values.js';

/** What one `render` call may spend. Both apply to every render, preview and send alike. */
export interface RenderBudget {
  /**
   * Operations per render. Every tag, function call, comparison, loop iteration and block costs
   * at least one; text read or built costs one more per {@link CHARS_PER_OPERATION} characters,
   * and going through a list or an object's keys one per item. Default 1,000,000 (a few tens of
   * milliseconds of work at most).
   */
  readonly maxOperations: number;
  /**
   * Length (UTF-16 code units) of any text a render builds on the way to its output: a function's
   * result, a list or object written as text. Default 100,000.
   */
  readonly maxValueChars: number;
}

/**
 * The budget every render has unless `options.budget` overrides part of it. The seed's
 * maintenance notice spends under 200 operations per render; spending all of the default takes
 * tens of milliseconds of CPU at most, whatever the template and values.
 */
export const DEFAULT_BUDGET: RenderBudget = Object.freeze({
  maxOperations: 1_000_000,
  maxValueChars: 100_000,
});

/** Characters of text read or written per operation charged. */
export const CHARS_PER_OPERATION = 8;

// What the steps that cost more than a plain one are charged, measured against a plain `{if}`
// on the benchmark machine so that no kind of step gets through the budget much faster.
/** Formatting a date: time-zone offset lookup and pattern fields. */
export const DATE_OPERATIONS = 32;
/** Formatting a number with separators (`Intl.NumberFormat`). */
export const NUMBER_OPERATIONS = 32;
/** One query parameter of `url()`: two encodings. */
export const URL_PAIR_OPERATIONS = 16;
/** One key or item written by `json` (a replacer call). */
export const JSON_ENTRY_OPERATIONS = 4;

/** Which part of the budget ran out. */
export type TemplateBudgetKind = keyof RenderBudget;

/**
 * The budget ran out inside a function or a conversion, which don't know where they were called
 * from; the compiled template catches this and reports it at the call's position.
 */
export class BudgetProblem extends Error {
  constructor(readonly kind: TemplateBudgetKind) {
    super(kind);
  }
}

/** Operations that reading or writing `text` costs. */
export function textCost(text: string): number {
  return 1 + Math.floor(text.length / CHARS_PER_OPERATION);
}

/** Adds `operations` to the render's count; throws {@link BudgetProblem} past the budget. */
export function spend(rc: RenderContext, operations: number): void {
  if ((rc.operations += operations) > rc.budget.maxOperations) throw new BudgetProblem('maxOperations');
}

/** Throws {@link BudgetProblem} when a text of `length` would be longer than the budget allows. */
export function checkLength(rc: RenderContext, length: number): void {
  if (length > rc.budget.maxValueChars) throw new BudgetProblem('maxValueChars');
}

/**
 * Number of own enumerable keys of `object`, counted once per render (one operation per key):
 * truthiness and `size` of a huge object inside a loop must not re-enumerate it every time.
 */
export function keyCount(rc: RenderContext, object: object): number {
  const counts = (rc.keyCounts ??= new WeakMap<object, number>());
  let count = counts.get(object);
  if (count === undefined) {
    count = Object.keys(object).length;
    counts.set(object, count);
    // Charged without a check: the caller checks the budget where it knows its position.
    rc.operations += 1 + count;
  }
  return count;
}

/** The message of a budget error, naming the setting to change. */
export function budgetMessage(kind: TemplateBudgetKind, budget: RenderBudget): string {
  return kind === 'maxOperations'
    ? `The template did more than ${budget.maxOperations} operations (budget.maxOperations): it does too much work per loop iteration or on too much text; simplify it or raise budget.maxOperations`
    : `This builds a text longer than ${budget.maxValueChars} characters (budget.maxValueChars): shorten the values or the template, or raise budget.maxValueChars`;
}

/**
 * Operations an expression costs before any text is counted: one per node (literal, name,
 * member, call, operator), charged once when its tag runs — whether or not `&&`/`||` skip a part.
 */
export function expressionCost(expression: Expression): number {
  switch (expression.kind) {
    case 'literal':
    case 'variable':
      return 1;
    case 'member':
      return 1 + expressionCost(expression.object) + (typeof expression.key === 'string' ? 0 : expressionCost(expression.key));
    case 'call':
      return expression.args.reduce((sum, arg) => sum + expressionCost(arg), 1);
    case 'unary':
      return 1 + expressionCost(expression.operand);
    case 'binary':
      return 1 + expressionCost(expression.left) + expressionCost(expression.right);
  }
}

/** Operations that reading the text operands of a comparison costs (0 for short or non-text). */
export function operandCost(left: unknown, right: unknown): number {
  return (
    (typeof left === 'string' ? Math.floor(left.length / CHARS_PER_OPERATION) : 0) +
    (typeof right === 'string' ? Math.floor(right.length / CHARS_PER_OPERATION) : 0)
  );
}

/**
 * {@link isTruthy} with objects' keys counted once per render: an object's truthiness depends on
 * whether it has keys, and enumerating a huge one on every loop iteration is a way to stall.
 */
export function truthy(value: unknown, rc: RenderContext): boolean {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)) return keyCount(rc, value) > 0;
  return isTruthy(value);
}
