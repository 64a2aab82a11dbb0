/**
 * Turns zod issues into text a person can act on: one sentence per field, such as
 * `messageType: expected one of SYSTEM, BUSINESS, ALERT, NOTIFICATION, ANNOUNCEMENT`. The same
 * sentences travel in `error.message` (logs, SDK errors, the console) and, per field, in
 * `error.data.issues` for programs. Pure: no I/O, no zod runtime needed.
 */

/** The parts of a zod (v4) issue this module reads; any zod issue fits. */
export interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: unknown;
  readonly values?: readonly unknown[];
  readonly origin?: string;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly inclusive?: boolean;
  readonly format?: string;
  readonly keys?: readonly string[];
  readonly divisor?: unknown;
  readonly errors?: readonly (readonly ZodIssueLike[])[];
  readonly discriminator?: string;
  readonly note?: string;
}

/** One field's problem, for programs: the dotted path, the readable sentence, the zod code. */
export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

/** The path of the whole input (no field). */
export const INPUT_PATH = '(input)';
/** Explanations kept per field and in all: bounds the work and the text on hostile input. */
const MAX_FIELDS = 20;
const MAX_UNION_BRANCHES = 5;
const MAX_LISTED_VALUES = 12;

// Zod's own default messages start like this; anything else is a schema author's message, which
// already reads as a sentence (`must not contain spaces or ":"`) and is kept as written.
const ZOD_DEFAULT_MESSAGE = /^(?:Invalid|Too small|Too big|Unrecognized key|Expected)/;

const joinPath = (path: readonly PropertyKey[]): string => path.map((p) => (typeof p === 'symbol' ? p.description ?? '?' : String(p))).join('.');
const show = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'bigint' ? `${v}` : JSON.stringify(v) ?? String(v));
const listValues = (values: readonly unknown[]): string => {
  const shown = values.slice(0, MAX_LISTED_VALUES).map(show).join(', ');
  return values.length > MAX_LISTED_VALUES ? `${shown}, …` : shown;
};
const plural = (n: unknown, one: string, many: string): string => `${show(n)} ${n === 1 ? one : many}`;

function unitOf(origin: string | undefined, n: unknown): string {
  switch (origin) {
    case 'string':
      return ` ${plural(n, 'character', 'characters')}`;
    case 'array':
    case 'set':
      return ` ${plural(n, 'item', 'items')}`;
    case 'file':
      return ` ${plural(n, 'byte', 'bytes')}`;
    default:
      return ` ${show(n)}`;
  }
}

function bound(kind: 'least' | 'most', issue: ZodIssueLike, n: unknown): string {
  const unit = unitOf(issue.origin, n);
  if (issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set' || issue.origin === 'file')
    return `must ${issue.origin === 'string' ? 'be' : 'have'} at ${kind}${unit}${issue.inclusive === false ? ` (exclusive)` : ''}`;
  if (issue.origin === 'date') return `must be ${kind === 'least' ? 'on or after' : 'on or before'} ${show(n)}`;
  const op = kind === 'least' ? (issue.inclusive === false ? 'greater than' : 'at least') : issue.inclusive === false ? 'less than' : 'at most';
  return `must be ${op}${unit}`;
}

/** The sentence (without its path) for one issue that is not a union. */
function describeIssue(issue: ZodIssueLike): string {
  if (issue.code !== 'invalid_union' && !ZOD_DEFAULT_MESSAGE.test(issue.message) && issue.message.trim()) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      // Zod reports a missing field as "received undefined" (the input itself is not kept).
      return issue.message.endsWith('received undefined') ? 'is required' : `expected ${show(issue.expected)}`;
    case 'invalid_value': {
      const values = issue.values ?? [];
      return values.length === 1 ? `expected ${show(values[0])}` : `expected one of ${listValues(values)}`;
    }
    case 'too_small':
      return bound('least', issue, issue.minimum);
    case 'too_big':
      return bound('most', issue, issue.maximum);
    case 'invalid_format':
      return issue.format === 'regex' ? 'has an invalid format' : `must be a valid ${issue.format ?? 'value'}`;
    case 'not_multiple_of':
      return `must be a multiple of ${show(issue.divisor)}`;
    case 'unrecognized_keys': {
      const keys = issue.keys ?? [];
      return `unknown ${keys.length === 1 ? 'field' : 'fields'} ${listValues(keys)}`;
    }
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid element';
    default:
      return issue.message || 'is invalid';
  }
}

/**
 * A union no branch of which matched. When every branch failed on the value itself (a wrong type
 * or literal), the alternatives are listed (`expected string or number`); otherwise each branch's
 * first problem is shown, so the caller sees which shapes were possible and what each lacked.
 */
function describeUnion(issue: ZodIssueLike): string {
  const branches = (issue.errors ?? []).filter((b) => b.length > 0).slice(0, MAX_UNION_BRANCHES);
  if (issue.discriminator && branches.length === 0) return `${issue.discriminator} does not name a known kind`;
  if (branches.length === 0) return 'does not match any allowed form';
  const atRoot = branches.every((b) => b.length === 1 && b[0]!.path.length === 0 && (b[0]!.code === 'invalid_type' || b[0]!.code === 'invalid_value'));
  if (atRoot) {
    const wanted = branches.map((b) => describeIssue(b[0]!).replace(/^expected /, ''));
    return `expected ${[...new Set(wanted)].join(' or ')}`;
  }
  const options = branches.map((b) => {
    const first = b[0]!;
    const where = joinPath(first.path);
    const text = first.code === 'invalid_union' ? describeUnion(first) : describeIssue(first);
    return where ? `${where} ${text}` : text;
  });
  return `matches none of the allowed forms (${options.join('; or ')})`;
}

/** One entry per field, in the order zod reported them; several problems on a field are joined. */
export function fieldIssues(issues: readonly ZodIssueLike[]): FieldIssue[] {
  const byPath = new Map<string, FieldIssue>();
  for (const issue of issues) {
    const path = joinPath(issue.path) || INPUT_PATH;
    const message = issue.code === 'invalid_union' ? describeUnion(issue) : describeIssue(issue);
    const seen = byPath.get(path);
    if (seen) {
      if (!seen.message.includes(message)) seen.message = `${seen.message} and ${message}`;
    } else if (byPath.size < MAX_FIELDS) {
      byPath.set(path, { path, message, code: issue.code });
    }
  }
  return [...byPath.values()];
}

/** One sentence per field, joined into a single line: `title: must be at least 1 character; …`. */
export function describeValidationIssues(issues: readonly ZodIssueLike[]): string {
  const fields = fieldIssues(issues);
  if (fields.length === 0) return 'The input is invalid';
  const text = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
  const fieldCount = new Set(issues.map((i) => joinPath(i.path) || INPUT_PATH)).size;
  return fields.length < fieldCount ? `${text}; …` : text;
}
