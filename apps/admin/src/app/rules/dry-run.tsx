'use client';
import { useState, type FormEvent } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';

const TYPES = ['SYSTEM', 'BUSINESS', 'ALERT', 'NOTIFICATION', 'ANNOUNCEMENT'] as const;
const PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;

/** `rules.test`: which rules match a message for a user, and what would happen. */
export function DryRun() {
  const { t } = useI18n();
  const api = useApi();
  const [userId, setUserId] = useState('');
  const [messageType, setType] = useState<(typeof TYPES)[number]>('ALERT');
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>('NORMAL');
  const test = useAction(() =>
    api.rules.test.query({ userId, message: { messageType, priority } }),
  );
  const [result, setResult] = useState<Awaited<ReturnType<typeof test.run>>>(undefined);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(await test.run());
  }
  return (
    <form className="card" data-testid="dry-run" onSubmit={(e) => void submit(e)}>
      <h2>{t('rules.dryRun')}</h2>
      <div className="row">
        <TextField
          label={t('rules.userId')}
          name="userId"
          value={userId}
          onChange={setUserId}
          required
        />
        <SelectField
          label={t('rules.messageType')}
          name="messageType"
          value={messageType}
          options={TYPES}
          onChange={setType}
        />
        <SelectField
          label={t('rules.priority')}
          name="dryPriority"
          value={priority}
          options={PRIORITIES}
          onChange={setPriority}
        />
        <button type="submit">{t('rules.runTest')}</button>
      </div>
      <QueryError error={test.error} />
      {result && (
        <div data-testid="dry-run-result">
          <p>{result.inAppReason}</p>
          <ul>
            {result.rules.map((r) => (
              <li key={r.ruleId} data-matched={r.matched}>
                {r.matched ? '✓' : '✗'} {r.name}: {r.reason}
              </li>
            ))}
            {result.channels.map((c) => (
              <li key={`${c.channel}-${c.ruleId}`}>→ {c.reason}</li>
            ))}
            {result.suppressed.map((s) => (
              <li key={`${s.channel}-${s.ruleId}-x`}>⊘ {s.reason}</li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
