/** The state of one `render` call, shared by the compiled template and the format functions. */
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
        return Number.isNaN(time) ? '' : formatDate(time, 'yyyy-MM-dd HH:mm:ss', rc.timeZone, rc.locale);
      }
      if (Array.isArray(value)) return value.map((item) => toText(item, rc)).join(', ');
      return toJson(value);
    default:
      return '';
  }
}

/** `JSON.stringify` that reports cycles and BigInts as an argument problem instead of a TypeError. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    throw new ArgumentProblem(`Can't write this value as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
