'use client';
import { useQuery } from '@tanstack/react-query';
import { Kpi } from '../../components/Kpi';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import type { SendOutcome } from './draft';

/**
 * Delivery progress of a sent message, polled from `messages.recipients`: the per-recipient
 * rows say who has received (DELIVERED) or read (READ) it; absent rows are still unread.
 */
export function DeliveryProgress({ outcome }: { outcome: SendOutcome }) {
  const { t } = useI18n();
  const api = useApi();
  const progress = useQuery({
    queryKey: ['messages.recipients', outcome.messageId],
    queryFn: () => api.messages.recipients.query({ messageId: outcome.messageId, limit: 1000 }),
    refetchInterval: 2_000,
  });
  const states = progress.data?.states ?? [];
  const read = states.filter((s) => s.state === 'READ' || s.readTime).length;
  const delivered = states.filter(
    (s) => s.state === 'DELIVERED' || s.state === 'READ' || s.deliveredTime,
  ).length;
  const recipients = progress.data?.message.recipientCount ?? outcome.recipients ?? 0;
  return (
    <div className="card" data-testid="delivery-progress">
      <h2>{t('bc.progress')}</h2>
      <p>
        {t('bc.messageId')}: <code data-testid="sent-message-id">{outcome.messageId}</code> ·{' '}
        {t('common.status')}:{' '}
        <span data-testid="sent-status">{progress.data?.message.status ?? outcome.status}</span>
      </p>
      <div className="kpis">
        <Kpi testId="progress-recipients" label={t('bc.recipients')} value={recipients} />
        <Kpi testId="progress-delivered" label={t('common.delivered')} value={delivered} />
        <Kpi
          testId="progress-read"
          label={t('common.read')}
          value={Math.max(read, progress.data?.message.readCount ?? 0)}
        />
      </div>
      <QueryError error={progress.error} />
    </div>
  );
}
