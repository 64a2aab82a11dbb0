/** The state of one `render` call, shared by the compiled template and the format functions. */
import { BudgetProblem, CHARS_PER_OPERATION, checkLength, DATE_OPERATIONS, JSON_ENTRY_OPERATIONS, spend, type RenderBudget } from './budget.js';
import { formatDate } from './date-format.js';

/** Upper bounds that keep a render cheap whatever the template and values. */
export interface RenderLimits {
  /** Loop iterations per render, all loops together. Default 10,000. */
  readonly maxLoopIterations: number;
  /** Output length in UTF-16 code units. Default 100,000. */
  readonly maxOutputLength: number;
  /** Nesting depth of `{if}`/`{for}` blocks. Default 20 (the parser refuses more than 64). */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: RenderLimits = Object.freeze({
  maxLoopIterations: 10_000,
  maxOutputLength: 100_000,
  maxDepth: 20,
});

export interface RenderContext {
  readonly values: Readonly<Record<string, unknown>>;
  readonly timeZone: string;
  readonly locale: string;
  /** Epoch milliseconds used for `currentDate`. */
  readonly now: number;
  readonly html: boolean;
  readonly limits: RenderLimits;
  readonly budget: RenderBudget;
  /** Operations spent so far (see {@link RenderBudget.maxOperations}). */
  operations: number;
  /** Key counts of the objects seen, made on first use. */
  keyCounts?: WeakMap<object, number>;
  /** Loop variables by slot (slots are assigned at compile time). */
  readonly locals: unknown[];
  out: string;
  iterations: number;
}

/** A problem with a function's arguments; the caller adds the position. */
export class ArgumentProblem extends Error {}

/** How a value prints: Dates in the render time zone, arrays joined with `, `, objects as JSON. */
export function toText(value: unknown, rc: RenderContext): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return '';
      if (value instanceof Date) {
        const time = value.getTime();
        if (Number.isNaN(time)) return '';
        spend(rc, DATE_OPERATIONS);
        return formatDate(time, 'yyyy-MM-dd HH:mm:ss', rc.timeZone, rc.locale);
      }
      if (Array.isArray(value)) return listText(value, ', ', rc);
      return toJson(value, rc);
    default:
      return '';
  }
}

/**
 * The items of `list` as text, joined by `separator`. Built item by item within the budget, so a
 * huge list (or a list of huge texts) stops at the cap instead of being joined first.
 */
export function listText(list: readonly unknown[], separator: string, rc: RenderContext): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; i < list.length; i++) {
    const item = toText(list[i], rc);
    length += item.length + (i > 0 ? separator.length : 0);
    checkLength(rc, length);
    spend(rc, 1 + Math.floor((item.length + separator.length) / CHARS_PER_OPERATION));
    parts.push(item);
  }
  return parts.join(separator);
}

/**
 * `JSON.stringify` within the budget: the replacer counts what has been written so far and stops
 * past the cap, so a huge value is never serialized whole. Reports cycles and BigInts as an
 * argument problem instead of a TypeError.
 */
export function toJson(value: unknown, rc: RenderContext): string {
  let written = 0;
  const count = (key: string, item: unknown): unknown => {
    written += key.length + (typeof item === 'string' ? item.length + 3 : 4);
    checkLength(rc, written);
    spend(rc, JSON_ENTRY_OPERATIONS + (typeof item === 'string' ? Math.floor(item.length / CHARS_PER_OPERATION) : 0));
    return item;
  };
  let json: string | undefined;
  try {
    json = JSON.stringify(value, count);
  } catch (error) {
    if (error instanceof BudgetProblem) throw error;
    throw new ArgumentProblem(`Can't write this value as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Escapes can make the text longer than counted.
  checkLength(rc, json?.length ?? 0);
  return json ?? '';
}
