import { describeError } from './api-types';

/** A failed call's error, split between the form fields it concerns and what no field shows. */
export interface FieldErrors<F extends string> {
  /** The message to show under each field the server named in `error.data.fieldPaths`. */
  byField: Partial<Record<F, string>>;
  /** The error when no field of the form shows it (shown above the form), else null. */
  general: unknown;
}

/** One field of a refused input, as the server describes it in `error.data.issues`. */
interface FieldIssue {
  path: string;
  message: string;
}

interface Failure {
  message?: unknown;
  data?: { appCode?: string; fieldPaths?: string[]; issues?: FieldIssue[] };
}

/**
 * Where each form field sits in the input the server checks, when that is not the field's own
 * name (a flat form for a nested input: `timeZone` → `conditions.time.timeZone`). A field may
 * stand for several paths (`webhookUrl` → `actions.webhook.url` and `actions.webhook`).
 */
export type FieldPaths<F extends string> = Partial<Record<F, readonly string[]>>;

const isUnder = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);

/**
 * Places an error's messages beside the fields of `fields` it names (a path `members.1` belongs
 * to the field `members`; with `paths`, to the field whose path is the longest prefix of it); an
 * error naming none of them stays `general`. The text under a field is the server's own sentence
 * for it (`expected one of …`), the same one its `error.message` gives, with the sub-path when
 * the problem is inside the field (`members.1: must not be empty`).
 */
export function splitFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  paths: FieldPaths<F> = {},
): FieldErrors<F> {
  const failure = error as Failure | null;
  const pathsOf = (f: F): readonly string[] => paths[f] ?? [f];
  const fieldOf = (path: string): F | undefined => {
    let best: { field: F; length: number } | undefined;
    for (const field of fields) {
      for (const prefix of pathsOf(field)) {
        if (isUnder(path, prefix) && prefix.length > (best?.length ?? -1)) {
          best = { field, length: prefix.length };
        }
      }
    }
    return best?.field;
  };
  const named = (failure?.data?.fieldPaths ?? []).map(fieldOf).filter((f) => f !== undefined);
  if (!error || named.length === 0) return { byField: {}, general: error };
  const code = failure?.data?.appCode;
  const issues = Array.isArray(failure?.data?.issues) ? failure.data.issues : [];
  const byField: Partial<Record<F, string>> = {};
  for (const field of named) {
    const own = issues.filter((i) => fieldOf(i.path) === field);
    const text = own.length
      ? own
          .map((i) => (pathsOf(field).includes(i.path) ? i.message : `${i.path}: ${i.message}`))
          .join('; ')
      : describeError(error);
    byField[field] = own.length && code ? `[${code}] ${text}` : text;
  }
  return { byField, general: null };
}
