'use client';
import { useState, type FormEvent } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { QueryError } from '../../components/QueryError';
import { hasRole, MESSAGE_TYPES, PRIORITIES } from '../../lib/api-types';
import { fieldBinder } from '../../lib/form';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages-en';
import { useApi, useSession } from '../../lib/session';
import { EMPTY_DRAFT, sendDraft, type Draft, type SendOutcome, type Target } from './draft';
import { GroupPicker } from './group-picker';
import { DeliveryProgress } from './progress';

const TARGET_LABELS: Record<Target, MessageKey> = {
  user: 'bc.targetUser',
  group: 'bc.targetGroup',
  org: 'bc.targetOrg',
  all: 'bc.targetAll',
};

export default function BroadcastPage() {
  const { t } = useI18n();
  const api = useApi();
  const { principal } = useSession();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [stage, setStage] = useState<'compose' | 'confirm' | 'sending'>('compose');
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<SendOutcome | null>(null);
  const targets: Target[] = hasRole(principal, 'platform')
    ? ['user', 'group', 'org', 'all']
    : ['user', 'group', 'org'];
  const field = fieldBinder(draft, setDraft);

  function review(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setStage('confirm');
  }

  async function confirm() {
    setStage('sending');
    try {
      setOutcome(await sendDraft(api, draft));
      setStage('compose');
    } catch (err) {
      setError(err);
      setStage('compose');
    }
  }

  if (outcome) {
    return (
      <section>
        <h1>{t('bc.title')}</h1>
        <DeliveryProgress outcome={outcome} />
        <button type="button" onClick={() => (setOutcome(null), setDraft(EMPTY_DRAFT))}>
          {t('bc.newMessage')}
        </button>
      </section>
    );
  }

  return (
    <section>
      <h1>{t('bc.title')}</h1>
      <QueryError error={error} />
      <div className="grid2">
        <form className="card" onSubmit={review} data-testid="composer">
          <fieldset disabled={stage !== 'compose'}>
            <legend>{t('bc.target')}</legend>
            {targets.map((target) => (
              <label key={target} className="inline">
                <input
                  type="radio"
                  name="target"
                  value={target}
                  checked={draft.target === target}
                  onChange={() => field('target').onChange(target)}
                />{' '}
                {t(TARGET_LABELS[target])}
              </label>
            ))}
            {draft.target === 'user' && (
              <TextField label={t('bc.receiverId')} {...field('receiverId')} required />
            )}
            {draft.target === 'group' && (
              <GroupPicker value={draft} onChange={(target) => setDraft({ ...draft, ...target })} />
            )}
          </fieldset>
          <fieldset disabled={stage !== 'compose'}>
            <div className="row">
              <SelectField
                label={t('common.type')}
                options={MESSAGE_TYPES}
                {...field('messageType')}
              />
              <SelectField
                label={t('common.priority')}
                options={PRIORITIES}
                {...field('priority')}
              />
              <TextField label={t('common.category')} {...field('category')} />
            </div>
            <TextField label={t('common.title')} {...field('title')} required maxLength={200} />
            <TextField label={t('common.content')} rows={6} {...field('content')} />
            <div className="row">
              <TextField label={t('bc.actionUrl')} type="url" {...field('actionUrl')} />
              <TextField label={t('bc.actionText')} {...field('actionText')} />
            </div>
            <div className="row">
              <TextField
                label={t('bc.expireTime')}
                type="datetime-local"
                {...field('expireTime')}
              />
              <TextField label={t('bc.deliverAt')} type="datetime-local" {...field('deliverAt')} />
            </div>
            <button type="submit">{t('bc.review')}</button>
          </fieldset>
        </form>
        <div>
          <div className="card" data-testid="broadcast-preview">
            <h2>{t('bc.preview')}</h2>
            <p className="muted">
              {draft.messageType} · {draft.priority} · {draft.category}
            </p>
            <div className="preview">
              <div className="preview-title">{draft.title}</div>
              {draft.content}
              {draft.actionUrl && (
                <p>
                  <a href={draft.actionUrl} target="_blank" rel="noreferrer">
                    {draft.actionText || draft.actionUrl}
                  </a>
                </p>
              )}
            </div>
          </div>
          {stage !== 'compose' && (
            <div className="card" role="dialog" aria-label={t('bc.confirm')} data-testid="confirm">
              <p>{t('bc.confirmQuestion')}</p>
              <p>
                <strong>{t(TARGET_LABELS[draft.target])}</strong>
                {draft.target === 'user' && ` · ${draft.receiverId}`}
                {draft.target === 'group' && ` · ${draft.groupType} ${draft.groupId}`}
                {draft.deliverAt &&
                  ` · ${t('bc.deliverAt')}: ${new Date(draft.deliverAt).toLocaleString()}`}
              </p>
              <div className="row">
                <button type="button" onClick={() => void confirm()} disabled={stage === 'sending'}>
                  {t('bc.confirm')}
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setStage('compose')}
                  disabled={stage === 'sending'}
                >
                  {t('common.cancel')}
                </button>
              </div>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
