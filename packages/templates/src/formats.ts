/**
 * The formats and functions templates can use. They are one set: `{x|truncate(10)}` is
 * `truncate(x, 10)`, so every function can be piped and every format called.
 */
import { checkLength, DATE_OPERATIONS, keyCount, NUMBER_OPERATIONS, spend } from './budget.js';
import { formatDate } from './date-format.js';
import { toInstant } from './date-parse.js';
import { ArgumentProblem, listText, toJson, toText, type RenderContext } from './render-context.js';
import { buildUrl, encodeComponent } from './url.js';
import { codePointLength, isMissing, sliceCodePoints, toNumber, unitIndex } from './values.js';

/** Public description of a format/function, for documentation and editor autocomplete. */
export interface TemplateFunctionInfo {
  readonly name: string;
  /** Arguments accepted, counting the piped value as the first. */
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly signature: string;
  readonly description: string;
  readonly example: string;
}

export interface TemplateFunction extends TemplateFunctionInfo {
  readonly apply: (args: readonly unknown[], rc: RenderContext) => unknown;
}

const text = (value: unknown, rc: RenderContext): string => toText(value, rc);

function integer(fn: string, what: string, value: unknown, min: number, max: number): number {
  const n = toNumber(value);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw new ArgumentProblem(`${fn}: ${what} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return n;
}

/** Applies `transform` unless the value is missing, so formats on absent values print nothing. */
const onText =
  (transform: (value: string, args: readonly unknown[], rc: RenderContext) => unknown) =>
  (args: readonly unknown[], rc: RenderContext): unknown =>
    isMissing(args[0]) ? args[0] : transform(text(args[0], rc), args, rc);

const numberFormats = new Map<number, Intl.NumberFormat>();
function formatNumber(value: number, digits: number | undefined): string {
  const key = digits ?? -1;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-US', digits === undefined ? { maximumFractionDigits: 6 } : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

const definitions: TemplateFunction[] = [
  { name: 'upper', minArgs: 1, maxArgs: 1, signature: 'upper(text)', description: 'Upper-cases text.', example: '{code|upper}',
    apply: onText((value) => value.toUpperCase()) },
  { name: 'lower', minArgs: 1, maxArgs: 1, signature: 'lower(text)', description: 'Lower-cases text.', example: '{email|lower}',
    apply: onText((value) => value.toLowerCase()) },
  { name: 'capitalize', minArgs: 1, maxArgs: 1, signature: 'capitalize(text)', description: 'Upper-cases the first character.', example: '{name|capitalize}',
    apply: onText((value) => value.charAt(0).toUpperCase() + value.slice(1)) },
  { name: 'trim', minArgs: 1, maxArgs: 1, signature: 'trim(text)', description: 'Removes leading and trailing whitespace.', example: '{note|trim}',
    apply: onText((value) => value.trim()) },
  { name: 'truncate', minArgs: 2, maxArgs: 3, signature: 'truncate(text, length, suffix = "…")', description: 'Keeps the first `length` characters and adds `suffix` if anything was cut.', example: '{summary|truncate(20)}',
    apply: onText((value, args, rc) => {
      const length = integer('truncate', 'the length', args[1], 0, 1_000_000);
      // Where the cut would fall, walked once and only up to the length.
      const cut = unitIndex(value, length);
      if (cut >= value.length) return value;
      return value.slice(0, cut) + (args[2] === undefined ? '…' : text(args[2], rc));
    }) },
  { name: 'substring', minArgs: 2, maxArgs: 3, signature: 'substring(text, start, end?)', description: 'Characters from `start` up to (not including) `end`; negative positions count from the end.', example: "{substring(orderNo, 0, 8)}",
    apply: onText((value, args) => {
      const start = integer('substring', 'start', args[1], -1_000_000, 1_000_000);
      const end = args[2] === undefined ? undefined : integer('substring', 'end', args[2], -1_000_000, 1_000_000);
      return sliceCodePoints(value, start, end);
    }) },
  { name: 'replace', minArgs: 3, maxArgs: 3, signature: 'replace(text, search, replacement)', description: 'Replaces every occurrence of `search` (plain text, not a pattern).', example: "{title|replace('-', ' ')}",
    apply: onText((value, args, rc) => {
      const search = text(args[1], rc);
      if (search === '') return value;
      const parts = value.split(search);
      const replacement = text(args[2], rc);
      // Checked before joining: replacing each character of a long text by that text again
      // would otherwise build its square.
      checkLength(rc, value.length + (parts.length - 1) * (replacement.length - search.length));
      spend(rc, parts.length);
      return parts.join(replacement);
    }) },
  { name: 'default', minArgs: 2, maxArgs: 2, signature: 'default(value, fallback)', description: 'The fallback when the value is missing (undefined, null or empty text); later formats still apply.', example: "{nickname|default('用户')}",
    apply: (args) => (isMissing(args[0]) ? args[1] : args[0]) },
  { name: 'number', minArgs: 1, maxArgs: 2, signature: 'number(value, digits?)', description: 'Thousands separators and exactly `digits` decimals (up to 6 decimals when omitted).', example: '{amount|number(2)}',
    apply: (args, rc) => {
      if (isMissing(args[0])) return args[0];
      const value = toNumber(args[0]);
      if (value === undefined) throw new ArgumentProblem(`number: ${JSON.stringify(args[0]) ?? String(args[0])} is not a number`);
      spend(rc, NUMBER_OPERATIONS);
      return formatNumber(value, args[1] === undefined ? undefined : integer('number', 'digits', args[1], 0, 20));
    } },
  { name: 'date', minArgs: 1, maxArgs: 2, signature: "date(value, pattern = 'yyyy-MM-dd HH:mm')", description: 'Formats a date in the render time zone, e.g. `yyyy年MM月dd日 HH:mm`.', example: "{maintenanceDate|date('MM月dd日')}",
    apply: (args, rc) => {
      if (isMissing(args[0])) return args[0];
      const time = toInstant(args[0], rc.timeZone);
      if (time === undefined) {
        throw new ArgumentProblem(`date: can't read ${JSON.stringify(args[0]) ?? String(args[0])} as a date; use a Date, epoch milliseconds or ISO 8601 text such as 2024-03-15T02:00:00+08:00`);
      }
      const pattern = args[1] ?? 'yyyy-MM-dd HH:mm';
      if (typeof pattern !== 'string') throw new ArgumentProblem("date: the pattern must be text such as 'yyyy-MM-dd'");
      spend(rc, DATE_OPERATIONS);
      return formatDate(time, pattern, rc.timeZone, rc.locale);
    } },
  { name: 'json', minArgs: 1, maxArgs: 1, signature: 'json(value)', description: 'The value as JSON.', example: '{order|json}',
    apply: (args, rc) => toJson(args[0], rc) },
  { name: 'size', minArgs: 1, maxArgs: 1, signature: 'size(value)', description: 'Number of characters, list items or object keys.', example: '{items|size}',
    apply: ([value], rc) =>
      typeof value === 'string' ? codePointLength(value)
      : Array.isArray(value) ? value.length
      : value !== null && typeof value === 'object' && !(value instanceof Date) ? keyCount(rc, value)
      : 0 },
  { name: 'join', minArgs: 1, maxArgs: 2, signature: "join(list, separator = ', ')", description: 'List items as text, separated.', example: "{tags|join(' / ')}",
    apply: (args, rc) => (Array.isArray(args[0]) ? listText(args[0], args[1] === undefined ? ', ' : text(args[1], rc), rc) : args[0]) },
  { name: 'first', minArgs: 1, maxArgs: 1, signature: 'first(list)', description: 'The first item of a list (or character of text).', example: '{items|first}',
    apply: ([value]) => (Array.isArray(value) ? (value as unknown[])[0] : typeof value === 'string' ? sliceCodePoints(value, 0, 1) : undefined) },
  { name: 'last', minArgs: 1, maxArgs: 1, signature: 'last(list)', description: 'The last item of a list (or character of text).', example: '{items|last}',
    apply: ([value]) => (Array.isArray(value) ? (value as unknown[])[value.length - 1] : typeof value === 'string' ? sliceCodePoints(value, -1) : undefined) },
  { name: 'url', minArgs: 1, maxArgs: 2, signature: 'url(path, params?)', description: 'Appends the own keys of `params` as a percent-encoded query string.', example: "{url('/orders', query)}",
    apply: (args, rc) => buildUrl(args[0], args[1], rc) },
  { name: 'urlencode', minArgs: 1, maxArgs: 1, signature: 'urlencode(text)', description: 'Percent-encodes text for use inside a URL.', example: "https://example.com/s?q={keyword|urlencode}",
    apply: onText((value) => encodeComponent(value)) },
];

const byName = new Map(definitions.map((fn) => [fn.name, fn]));

/** Looks a function up by name (own names only, never prototype properties). */
export function findFunction(name: string): TemplateFunction | undefined {
  return byName.get(name);
}

/** Every format/function, in documentation order, without implementations. */
export const TEMPLATE_FUNCTIONS: readonly TemplateFunctionInfo[] = Object.freeze(
  definitions.map(({ name, minArgs, maxArgs, signature, description, example }) =>
    Object.freeze({ name, minArgs, maxArgs, signature, description, example }),
  ),
);
