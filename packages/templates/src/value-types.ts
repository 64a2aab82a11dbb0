/** Whether a supplied value fits a declared {@link VariableType}, with a message when not. */
import { toInstant } from './date-parse.js';
import type { VariableType } from './variables.js';

/**
 * `local@domain.tld`: dot-separated, non-empty domain labels. Labels exclude the dot, so each
 * character has one place in the match and a long run of dots fails in linear time.
 */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
/** Digits with optional leading `+` and the usual separators; 5–15 digits (E.164 allows 15). */
const PHONE = /^\+?[\d\s\-().]+$/;
const URL_WITH_SCHEME = /^([a-z][a-z\d+.-]*):\S+$/i;
/** Schemes that run code or smuggle content when a URL lands in a link. */
const UNSAFE_SCHEMES = new Set(['javascript', 'vbscript', 'data', 'file']);

/** How a value reads in a message: `the number 5`, `the text "abc"`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  switch (typeof value) {
    case 'string':
      return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** `null` when `value` fits `type`, else what is wrong, as a phrase ("expected …, got …"). */
export function typeProblem(type: VariableType, value: unknown): string | null {
  const got = `got ${describeValue(value)}`;
  switch (type) {
    case 'STRING':
      return typeof value === 'string' ? null : `expected text (STRING), ${got}`;
    case 'NUMBER':
      return typeof value === 'number' && Number.isFinite(value) ? null : `expected a finite number (NUMBER), ${got}`;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? null : `expected true or false (BOOLEAN), ${got}`;
    case 'DATE':
    case 'DATETIME':
      return toInstant(value, 'UTC') !== undefined && (typeof value !== 'number' || Number.isInteger(value))
        ? null
        : `expected a ${type} (a Date, epoch milliseconds or ISO 8601 text such as 2024-03-15T02:00:00+08:00), ${got}`;
    case 'ARRAY':
      return Array.isArray(value) ? null : `expected a list (ARRAY), ${got}`;
    case 'OBJECT':
      return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? null : `expected an object (OBJECT), ${got}`;
    case 'URL':
      return urlProblem(value);
    case 'EMAIL':
      return typeof value === 'string' && EMAIL.test(value) ? null : `expected an email address such as ops@example.com (EMAIL), ${got}`;
    case 'PHONE': {
      const digits = typeof value === 'string' ? value.replace(/\D/g, '').length : 0;
      return typeof value === 'string' && PHONE.test(value) && digits >= 5 && digits <= 15
        ? null
        : `expected a phone number such as +86 10 1234 5678 or 400-123-4567 (PHONE), ${got}`;
    }
    default:
      return `unknown type ${JSON.stringify(type)}`;
  }
}

function urlProblem(value: unknown): string | null {
  const expected = 'expected an absolute URL such as https://example.com/page or a path starting with / (URL)';
  if (typeof value !== 'string') return `${expected}, got ${describeValue(value)}`;
  if (value.startsWith('/') && !value.startsWith('//') && !/\s/.test(value)) return null;
  const scheme = URL_WITH_SCHEME.exec(value)?.[1]?.toLowerCase();
  if (!scheme) return `${expected}, got ${describeValue(value)}`;
  return UNSAFE_SCHEMES.has(scheme) ? `${scheme}: URLs are not allowed` : null;
}
