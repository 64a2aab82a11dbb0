/**
 * How template values behave: property access (own data only), truthiness, comparison and
 * conversion to text. Values come from callers as plain data (JSON, Dates); nothing here ever
 * calls a function found in the values.
 */

/** Property names a template may never read, whatever object it holds. */
export const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Reads `object[key]` if it is an own, non-function property; anything else is `undefined`. */
export function getMember(object: unknown, key: unknown): unknown {
  if (object === null || object === undefined) return undefined;
  const type = typeof object;
  if (type !== 'object' && type !== 'string') return undefined;
  let name: string;
  if (typeof key === 'string') name = key;
  else if (typeof key === 'number' && Number.isInteger(key)) name = key < 0 && Array.isArray(object) ? String(object.length + key) : String(key);
  else return undefined;
  if (FORBIDDEN_PROPERTIES.has(name) || !Object.hasOwn(object, name)) return undefined;
  const value = (object as Record<string, unknown>)[name];
  return typeof value === 'function' ? undefined : value;
}

/** `undefined`, `null` and `''`: what fallbacks, `default` and `required` treat as "no value". */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Falsy: missing values, `false`, `0`, `NaN`, empty arrays and objects without own keys. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return false;
  if (typeof value === 'number') return !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') {
    if (value instanceof Date) return !Number.isNaN(value.getTime());
    for (const key in value) if (Object.hasOwn(value, key)) return true;
    return false;
  }
  return true;
}

// Each part can match a character in one way only (digits before the point, after it, in the
// exponent), so a long almost-number fails in linear time.
const NUMERIC = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?\s*$/i;

/** A finite number from a number or a numeric string, else `undefined`. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return undefined;
}

/** Numbers (or numeric strings next to numbers) and Dates compare by value; null equals undefined. */
export function areEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || left === undefined) return right === null || right === undefined;
  if (left instanceof Date && right instanceof Date) return left.getTime() === right.getTime();
  if (typeof left === 'number' || typeof right === 'number') {
    const a = toNumber(left);
    const b = toNumber(right);
    return a !== undefined && a === b;
  }
  return false;
}

/**
 * Orders two values: negative, zero or positive, or `undefined` when they can't be ordered
 * (then every `<`, `>` comparison is false).
 */
export function compareValues(left: unknown, right: unknown): number | undefined {
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  if (left instanceof Date && right instanceof Date) return left.getTime() - right.getTime();
  const a = toNumber(left);
  const b = toNumber(right);
  if (a === undefined || b === undefined) return undefined;
  return a - b;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return /[&<>"']/.test(text)
    ? text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'))
    : text;
}

const SURROGATE = /[\uD800-\uDFFF]/;

const isPairAt = (text: string, i: number): boolean => {
  const high = text.charCodeAt(i);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff;
};

/** Length in Unicode code points, so an emoji counts as one character (a lone surrogate too). */
export function codePointLength(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let count = 0;
  // Walks code units rather than iterating the string: no allocation per character.
  for (let i = 0; i < text.length; i += isPairAt(text, i) ? 2 : 1) count++;
  return count;
}

/**
 * Index of the code unit where code point number `n` (from 0) starts; `text.length` or more when
 * `text` has no more than `n` code points.
 */
export function unitIndex(text: string, n: number): number {
  return SURROGATE.test(text) ? walk(text, 0, 0, n) : n;
}

/** From code unit `i` (code point `k`), the code unit where code point `n` starts. */
function walk(text: string, i: number, k: number, n: number): number {
  for (; k < n && i < text.length; k++) i += isPairAt(text, i) ? 2 : 1;
  return i;
}

/** `text.slice` by code points rather than UTF-16 units, so surrogate pairs are never split. */
export function sliceCodePoints(text: string, start: number, end?: number): string {
  if (!SURROGATE.test(text)) return text.slice(start, end);
  // Counting all code points is needed only to resolve positions from the end.
  const count = start < 0 || (end !== undefined && end < 0) ? codePointLength(text) : Infinity;
  const clamp = (n: number): number => (n < 0 ? Math.max(count + n, 0) : Math.min(n, count));
  const from = clamp(start);
  const to = end === undefined ? Infinity : clamp(end);
  if (from >= to) return '';
  const fromUnit = walk(text, 0, 0, from);
  return text.slice(fromUnit, to === Infinity ? undefined : walk(text, fromUnit, from, to));
}
