'use client';
import { useCallback, useState } from 'react';

/** A user action that calls the server: its last error and whether it is running. */
export interface Action<A extends unknown[], R> {
  /** Runs the call; resolves with its result, or undefined when it failed (see `error`). */
  run: (...args: A) => Promise<R | undefined>;
  error: unknown;
  pending: boolean;
  /** Forgets the last error (e.g. when the form it belongs to is closed). */
  reset: () => void;
}

/**
 * Wraps a call for a button or form: the error of the last run is kept for display beside the
 * form instead of being thrown, and a new run clears it.
 */
export function useAction<A extends unknown[], R>(call: (...args: A) => Promise<R>): Action<A, R> {
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const run = useCallback(
    async (...args: A) => {
      setError(null);
      setPending(true);
      try {
        return await call(...args);
      } catch (err) {
        setError(err);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [call],
  );
  const reset = useCallback(() => setError(null), []);
  return { run, error, pending, reset };
}
