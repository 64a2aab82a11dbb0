'use client';
import { useState, type FormEvent } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { QueryError } from '../../components/QueryError';
import type { RouterInputs } from '../../lib/api-types';
import { fromLocalInput } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';

type NotifyInput = RouterInputs['system']['notify'];
export const LEVELS = [
  'INFO',
  'WARNING',
  'CRITICAL',
] as const satisfies readonly NotifyInput['level'][];

/** `<input type="datetime-local">` value of a date (local time). */
const toLocalInput = (d: Date) =>
  new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** The form that sends a system notification to every user of the org (live and on connect). */
export function SystemComposer({ onSent }: { onSent: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [draft, setDraft] = useState({
    level: 'INFO' as NotifyInput['level'],
    title: '',
    content: '',
    actionLabel: '',
    actionUrl: '',
    expireTime: toLocalInput(new Date(Date.now() + 2 * 3_600_000)),
  });
  const [isSent, setIsSent] = useState(false);
  const notify = useAction((input: NotifyInput) => api.system.notify.mutate(input));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setIsSent(false);
    const expireTime = fromLocalInput(draft.expireTime);
    if (!expireTime) return;
    const actions = draft.actionLabel.trim()
      ? [{ label: draft.actionLabel.trim(), url: draft.actionUrl.trim() }]
      : [];
    const sent = await notify.run({
      level: draft.level,
      title: draft.title,
      content: draft.content,
      actions,
      expireTime,
    });
    if (sent) {
      setIsSent(true);
      setDraft({ ...draft, title: '', content: '', actionLabel: '', actionUrl: '' });
      onSent();
    }
  }

  const set = (key: keyof typeof draft) => (value: string) => setDraft({ ...draft, [key]: value });
  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="system-composer">
      <h2>{t('sys.compose')}</h2>
      <div className="row">
        <SelectField
          label={t('sys.level')}
          name="level"
          value={draft.level}
          options={LEVELS}
          onChange={set('level')}
        />
        <TextField
          label={t('common.title')}
          name="title"
          required
          maxLength={200}
          value={draft.title}
          onChange={set('title')}
        />
        <TextField
          label={t('sys.expireTime')}
          name="expireTime"
          type="datetime-local"
          required
          value={draft.expireTime}
          onChange={set('expireTime')}
        />
      </div>
      <TextField
        label={t('common.content')}
        name="content"
        rows={3}
        value={draft.content}
        onChange={set('content')}
      />
      <div className="row">
        <TextField
          label={t('sys.actionLabel')}
          name="actionLabel"
          maxLength={40}
          value={draft.actionLabel}
          onChange={set('actionLabel')}
        />
        <TextField
          label={t('sys.actionUrl')}
          name="actionUrl"
          type="url"
          required={!!draft.actionLabel.trim()}
          value={draft.actionUrl}
          onChange={set('actionUrl')}
        />
      </div>
      <QueryError error={notify.error} />
      {isSent && (
        <p className="muted" role="status">
          {t('sys.sent')}
        </p>
      )}
      <button type="submit" disabled={notify.pending}>
        {t('sys.send')}
      </button>
    </form>
  );
}
