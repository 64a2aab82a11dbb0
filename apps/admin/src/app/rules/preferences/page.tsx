'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { TextField } from '../../../components/Field';
import { QueryError } from '../../../components/QueryError';
import { hasRole } from '../../../lib/api-types';
import { splitFieldErrors } from '../../../lib/field-errors';
import { useI18n } from '../../../lib/i18n';
import { useApi, useSession } from '../../../lib/session';
import { useAction } from '../../../lib/use-action';
import { ChannelFieldset } from './channel-fieldset';
import {
  CHANNELS,
  PREFS_FIELD_PATHS,
  PREFS_FIELDS,
  orgUpdateOf,
  prefsDraftOf,
  type Preferences,
  type PrefsDraft,
  type PrefsField,
} from './prefs-draft';

const QUERY_KEY = ['preferences.get', 'ORG'] as const;

/** The organization's default delivery preferences (admins): every user without their own gets them. */
export default function OrgPreferencesPage() {
  const { t } = useI18n();
  const api = useApi();
  const { principal } = useSession();
  const isAdmin = hasRole(principal, 'admin');
  const prefs = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => api.preferences.get.query({ scope: 'ORG' }),
    enabled: isAdmin,
  });
  return (
    <section>
      <p>
        <Link href="/rules">← {t('prefs.back')}</Link>
      </p>
      <h1>{t('prefs.title')}</h1>
      <p className="muted">{t('prefs.intro')}</p>
      {!isAdmin && <p className="error">{t('common.needsAdmin')}</p>}
      <QueryError error={prefs.error} />
      {prefs.data && <OrgPreferencesForm stored={prefs.data} />}
    </section>
  );
}

function OrgPreferencesForm({ stored }: { stored: Preferences }) {
  const { t } = useI18n();
  const api = useApi();
  const queries = useQueryClient();
  const [draft, setDraftState] = useState<PrefsDraft>(() => prefsDraftOf(stored));
  const [problems, setProblems] = useState<Partial<Record<PrefsField, string>>>({});
  const [saved, setSaved] = useState(false);
  const save = useAction((input: Parameters<typeof api.preferences.update.mutate>[0]) =>
    api.preferences.update.mutate(input),
  );
  const serverErrors = splitFieldErrors(save.error, PREFS_FIELDS, PREFS_FIELD_PATHS);
  const errors = { ...serverErrors.byField, ...problems };
  const setDraft = (next: PrefsDraft) => (setSaved(false), setDraftState(next));
  const text = (name: 'quietStart' | 'quietEnd' | 'timeZone') => ({
    name,
    value: draft[name],
    onChange: (value: string) => setDraft({ ...draft, [name]: value }),
    error: errors[name],
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const update = orgUpdateOf(draft, t);
    if ('problems' in update) {
      save.reset();
      setProblems(update.problems);
      return;
    }
    setProblems({});
    const next = await save.run(update.input);
    if (!next) return;
    queries.setQueryData(QUERY_KEY, next);
    setDraftState(prefsDraftOf(next));
    setSaved(true);
  }

  return (
    <form className="card" data-testid="org-preferences" onSubmit={(e) => void submit(e)}>
      <QueryError error={serverErrors.general} />
      {CHANNELS.map((channel) => (
        <ChannelFieldset
          key={channel}
          channel={channel}
          draft={draft.channels[channel]}
          onChange={(next) =>
            setDraft({ ...draft, channels: { ...draft.channels, [channel]: next } })
          }
          errors={errors}
        />
      ))}
      <fieldset>
        <legend>{t('prefs.quietHours')}</legend>
        <div className="row">
          <TextField label={t('prefs.quietStart')} placeholder="22:00" {...text('quietStart')} />
          <TextField label={t('prefs.quietEnd')} placeholder="07:00" {...text('quietEnd')} />
          <TextField
            label={t('prefs.timeZone')}
            placeholder="Asia/Shanghai"
            {...text('timeZone')}
          />
        </div>
        <p className="muted">{t('prefs.zoneHelp')}</p>
      </fieldset>
      <div className="row">
        <button type="submit" disabled={save.pending}>
          {t('common.save')}
        </button>
        {saved && (
          <span className="ok" role="status" data-testid="prefs-saved">
            {t('prefs.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
