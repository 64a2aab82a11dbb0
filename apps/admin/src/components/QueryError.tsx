'use client';
import { describeError } from '../lib/api-types';

/** Shows a failed call's app code and message; nothing when there is no error. */
export function QueryError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {describeError(error)}
    </p>
  );
}
