import { useCallback, useEffect, useState } from 'react';
import type { RouterInputs, RouterOutputs } from '../router.js';
import { useMessageCenter } from './context.js';

/** A user's (or the org's default) delivery preferences: channels, quiet hours, time zone. */
export type Preferences = RouterOutputs['preferences']['get'];
/** What `update` takes: the fields to replace (`scope` comes from the hook). */
export type PreferencesPatch = Omit<RouterInputs['preferences']['update'], 'scope'>;

/** What `usePreferences` returns. */
export interface UsePreferences {
  /** The stored preferences, or null until loaded. */
  preferences: Preferences | null;
  /** The last load or save error, if any (a refused update leaves `preferences` as it was). */
  error: unknown;
  /** Saves the fields given and shows the stored result. */
  update(patch: PreferencesPatch): Promise<Preferences>;
}

/**
 * The signed-in user's delivery preferences (`scope: 'ORG'`: the org's defaults, admins only),
 * loaded through `mc.preferences.get` and saved through `mc.preferences.update`.
 */
export function usePreferences(scope: 'USER' | 'ORG' = 'USER'): UsePreferences {
  const client = useMessageCenter();
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let isCurrent = true;
    client.preferences.get.query({ scope }).then(
      (p) => isCurrent && setPreferences(p),
      (e: unknown) => isCurrent && setError(e),
    );
    return () => {
      isCurrent = false;
    };
  }, [client, scope]);

  const update = useCallback(
    async (patch: PreferencesPatch) => {
      try {
        const saved = await client.preferences.update.mutate({ ...patch, scope });
        setPreferences(saved);
        setError(null);
        return saved;
      } catch (e) {
        setError(e);
        throw e;
      }
    },
    [client, scope],
  );

  return { preferences, error, update };
}
