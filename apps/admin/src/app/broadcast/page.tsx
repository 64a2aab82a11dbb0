'use client';
import { useState, type FormEvent } from 'react';
import { QueryError } from '../../components/QueryError';
import {
  GROUP_TYPES,
  hasRole,
  MESSAGE_TYPES,
  PRIORITIES,
  type GroupType,
  type MessageType,
  type Priority,
} from '../../lib/api-types';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages-en';
import { useApi, useSession } from '../../lib/session';
import { EMPTY_DRAFT, sendDraft, type Draft, type SendOutcome, type Target } from './draft';
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
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

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
                  onChange={() => set('target', target)}
                />{' '}
                {t(TARGET_LABELS[target])}
              </label>
            ))}
            {draft.target === 'user' && (
              <label>
                {t('bc.receiverId')}
                <input
                  name="receiverId"
                  value={draft.receiverId}
                  onChange={(e) => set('receiverId', e.target.value)}
                  required
                />
              </label>
            )}
            {draft.target === 'group' && (
              <div className="row">
                <label>
                  {t('bc.groupId')}
                  <input
                    name="groupId"
                    value={draft.groupId}
                    onChange={(e) => set('groupId', e.target.value)}
                    required
                  />
                </label>
                <label>
                  {t('bc.groupType')}
                  <select
                    name="groupType"
                    value={draft.groupType}
                    onChange={(e) => set('groupType', e.target.value as GroupType)}
                  >
                    {GROUP_TYPES.map((g) => (
                      <option key={g}>{g}</option>
                    ))}
                  </select>
                </label>
              </div>
            )}
          </fieldset>
          <fieldset disabled={stage !== 'compose'}>
            <div className="row">
              <label>
                {t('common.type')}
                <select
                  name="messageType"
                  value={draft.messageType}
                  onChange={(e) => set('messageType', e.target.value as MessageType)}
                >
                  {MESSAGE_TYPES.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              </label>
              <label>
                {t('common.priority')}
                <select
                  name="priority"
                  value={draft.priority}
                  onChange={(e) => set('priority', e.target.value as Priority)}
                >
                  {PRIORITIES.map((p) => (
                    <option key={p}>{p}</option>
                  ))}
                </select>
              </label>
              <label>
                {t('common.category')}
                <input
                  name="category"
                  value={draft.category}
                  onChange={(e) => set('category', e.target.value)}
                />
              </label>
            </div>
            <label>
              {t('common.title')}
              <input
                name="title"
                value={draft.title}
                onChange={(e) => set('title', e.target.value)}
                required
                maxLength={200}
              />
            </label>
            <label>
              {t('common.content')}
              <textarea
                name="content"
                rows={6}
                value={draft.content}
                onChange={(e) => set('content', e.target.value)}
              />
            </label>
            <div className="row">
              <label>
                {t('bc.actionUrl')}
                <input
                  name="actionUrl"
                  type="url"
                  value={draft.actionUrl}
                  onChange={(e) => set('actionUrl', e.target.value)}
                />
              </label>
              <label>
                {t('bc.actionText')}
                <input
                  name="actionText"
                  value={draft.actionText}
                  onChange={(e) => set('actionText', e.target.value)}
                />
              </label>
            </div>
            <div className="row">
              <label>
                {t('bc.expireTime')}
                <input
                  name="expireTime"
                  type="datetime-local"
                  value={draft.expireTime}
                  onChange={(e) => set('expireTime', e.target.value)}
                />
              </label>
              <label>
                {t('bc.deliverAt')}
                <input
                  name="deliverAt"
                  type="datetime-local"
                  value={draft.deliverAt}
                  onChange={(e) => set('deliverAt', e.target.value)}
                />
              </label>
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
