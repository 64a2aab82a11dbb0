import { describeError } from './api-types';

/** A failed call's error, split between the form fields it concerns and what no field shows. */
export interface FieldErrors<F extends string> {
  /** The message to show under each field the server named in `error.data.fieldPaths`. */
  byField: Partial<Record<F, string>>;
  /** The error when no field of the form shows it (shown above the form), else null. */
  general: unknown;
}

interface Issue {
  path: (string | number)[];
  message: string;
}

/** Input validation failures arrive with the list of issues as their message (JSON). */
function issuesOf(message: string): Issue[] | null {
  if (!message.trimStart().startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(message);
    return Array.isArray(parsed) ? (parsed as Issue[]) : null;
  } catch {
    return null;
  }
}

/**
 * Places an error's messages beside the fields of `fields` it names (a path `members.1` belongs
 * to the field `members`); an error naming none of them stays `general`.
 */
export function splitFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): FieldErrors<F> {
  const failure = error as {
    message?: unknown;
    data?: { appCode?: string; fieldPaths?: string[] };
  } | null;
  const fieldOf = (path: string) => fields.find((f) => f === path.split('.')[0]);
  const named = (failure?.data?.fieldPaths ?? []).map(fieldOf).filter((f) => f !== undefined);
  if (!error || named.length === 0) return { byField: {}, general: error };
  const code = failure?.data?.appCode;
  const issues = typeof failure?.message === 'string' ? issuesOf(failure.message) : null;
  const byField: Partial<Record<F, string>> = {};
  for (const field of named) {
    const own = issues?.filter((i) => fieldOf(i.path.map(String).join('.')) === field);
    const text = own?.length ? own.map((i) => i.message).join('; ') : describeError(error);
    byField[field] = own?.length && code ? `[${code}] ${text}` : text;
  }
  return { byField, general: null };
}
