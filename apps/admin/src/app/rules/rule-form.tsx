'use client';
import { useState, type FormEvent } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const EMPTY = {
  name: '',
  priority: '100',
  messageTypes: '',
  priorities: '',
  categories: '',
  groupIds: '',
  timeZone: '',
  windowStart: '',
  windowEnd: '',
  inApp: 'now' as 'now' | 'quietHours',
  channels: '',
  webhookUrl: '',
  webhookSecret: '',
};

/** The condition builder: one field per condition, comma lists for the list conditions. */
export function RuleForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [f, setF] = useState(EMPTY);
  const set = (key: keyof typeof EMPTY) => (value: string) => setF({ ...f, [key]: value });
  const create = useAction(() =>
    api.rules.create.mutate({
      name: f.name,
      priority: Number(f.priority),
      conditions: {
        ...(f.messageTypes ? { messageTypes: list(f.messageTypes) as never } : {}),
        ...(f.priorities ? { priorities: list(f.priorities) as never } : {}),
        ...(f.categories ? { categories: list(f.categories) } : {}),
        ...(f.groupIds ? { users: { groupIds: list(f.groupIds) } } : {}),
        ...(f.timeZone
          ? {
              time: {
                timeZone: f.timeZone,
                ...(f.windowStart ? { windows: [{ start: f.windowStart, end: f.windowEnd }] } : {}),
              },
            }
          : {}),
      },
      actions: {
        inApp: f.inApp,
        channels: list(f.channels) as never,
        ...(f.webhookUrl ? { webhook: { url: f.webhookUrl, secret: f.webhookSecret } } : {}),
      },
    }),
  );
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await create.run()) {
      setF(EMPTY);
      onCreated();
    }
  }
  return (
    <form className="card" data-testid="rule-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('rules.new')}</h2>
      <div className="row">
        <TextField
          label={t('rules.name')}
          name="name"
          value={f.name}
          onChange={set('name')}
          required
        />
        <TextField
          label={t('rules.priority')}
          name="priority"
          type="number"
          value={f.priority}
          onChange={set('priority')}
        />
        <TextField
          label={t('rules.messageTypes')}
          name="messageTypes"
          placeholder="ALERT, SYSTEM"
          value={f.messageTypes}
          onChange={set('messageTypes')}
        />
        <TextField
          label={t('rules.priorities')}
          name="priorities"
          placeholder="NORMAL, LOW"
          value={f.priorities}
          onChange={set('priorities')}
        />
        <TextField
          label={t('rules.categories')}
          name="categories"
          value={f.categories}
          onChange={set('categories')}
        />
        <TextField
          label={t('rules.groups')}
          name="groupIds"
          value={f.groupIds}
          onChange={set('groupIds')}
        />
      </div>
      <div className="row">
        <TextField
          label={t('rules.timeZone')}
          name="timeZone"
          placeholder="Asia/Shanghai"
          value={f.timeZone}
          onChange={set('timeZone')}
        />
        <TextField
          label={t('rules.windowStart')}
          name="windowStart"
          placeholder="22:00"
          value={f.windowStart}
          onChange={set('windowStart')}
        />
        <TextField
          label={t('rules.windowEnd')}
          name="windowEnd"
          placeholder="07:00"
          value={f.windowEnd}
          onChange={set('windowEnd')}
        />
        <SelectField
          label={t('rules.inApp')}
          name="inApp"
          value={f.inApp}
          options={['now', 'quietHours'] as const}
          onChange={(v) => setF({ ...f, inApp: v })}
        />
        <TextField
          label={t('rules.channels')}
          name="channels"
          placeholder="EMAIL, WEBHOOK"
          value={f.channels}
          onChange={set('channels')}
        />
        <TextField
          label={t('rules.webhookUrl')}
          name="webhookUrl"
          value={f.webhookUrl}
          onChange={set('webhookUrl')}
        />
        <TextField
          label={t('rules.webhookSecret')}
          name="webhookSecret"
          type="password"
          value={f.webhookSecret}
          onChange={set('webhookSecret')}
        />
      </div>
      <button type="submit" disabled={create.pending}>
        {t('rules.create')}
      </button>
      <QueryError error={create.error} />
    </form>
  );
}
