'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { SubmitField } from '../../components/Field';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';

/** External deliveries of one message: channel, status, attempts, last error, retry. */
export function Deliveries() {
  const { t } = useI18n();
  const api = useApi();
  const [draft, setDraft] = useState('');
  const [messageId, setMessageId] = useState('');
  const list = useQuery({
    queryKey: ['deliveries.list', messageId],
    queryFn: () => api.deliveries.list.query({ messageId }),
    enabled: messageId !== '',
    refetchInterval: 1000,
  });
  const retry = useAction(async (deliveryId: string) => {
    await api.deliveries.retry.mutate({ deliveryId });
    await list.refetch();
  });
  return (
    <div className="card" data-testid="deliveries">
      <h2>{t('rules.deliveries')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setMessageId(draft.trim());
        }}
      >
        <SubmitField
          label={t('rules.messageId')}
          name="messageId"
          value={draft}
          onChange={setDraft}
          submitLabel={t('common.search')}
        />
      </form>
      <QueryError error={list.error ?? retry.error} />
      <DataTable
        testId="deliveries-table"
        rows={list.data?.items ?? []}
        rowKey={(d) => d.deliveryId}
        rowProps={(d) => ({ 'data-status': d.status })}
        columns={[
          { header: t('rules.channel'), cell: (d) => d.channel },
          { header: t('rules.address'), cell: (d) => d.address },
          { header: t('rules.status'), cell: (d) => d.status },
          { header: t('rules.attempts'), cell: (d) => `${d.attempts}/${d.maxAttempts}` },
          { header: t('rules.lastError'), cell: (d) => d.lastError ?? '' },
          {
            header: '',
            cell: (d) =>
              d.status === 'FAILED' ? (
                <button type="button" onClick={() => void retry.run(d.deliveryId)}>
                  {t('rules.retry')}
                </button>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
