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
 * Places an error's messages beside the fields of `fields` it names (a path `members.1` belongs
 * to the field `members`); an error naming none of them stays `general`. The text under a field
 * is the server's own sentence for it (`expected one of …`), the same one its `error.message`
 * gives, with the sub-path when the problem is inside the field (`members.1: must not be empty`).
 */
export function splitFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): FieldErrors<F> {
  const failure = error as Failure | null;
  const fieldOf = (path: string) => fields.find((f) => f === path.split('.')[0]);
  const named = (failure?.data?.fieldPaths ?? []).map(fieldOf).filter((f) => f !== undefined);
  if (!error || named.length === 0) return { byField: {}, general: error };
  const code = failure?.data?.appCode;
  const issues = Array.isArray(failure?.data?.issues) ? failure.data.issues : [];
  const byField: Partial<Record<F, string>> = {};
  for (const field of named) {
    const own = issues.filter((i) => fieldOf(i.path) === field);
    const text = own.length
      ? own.map((i) => (i.path === field ? i.message : `${i.path}: ${i.message}`)).join('; ')
      : describeError(error);
    byField[field] = own.length && code ? `[${code}] ${text}` : text;
  }
  return { byField, general: null };
}
