'use client';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from '../../components/DataTable';
import { QueryError } from '../../components/QueryError';
import { dateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';

/** Per-recipient state rows of one message (absent rows are unread). */
export function RecipientStates({ messageId }: { messageId: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const rows = useQuery({
    queryKey: ['messages.recipients', messageId],
    queryFn: () => api.messages.recipients.query({ messageId, limit: 500 }),
    refetchInterval: 5_000,
  });
  const states = rows.data?.states ?? [];
  return (
    <div className="card" data-testid="recipient-states">
      <h2>
        {t('msg.recipientState')} · {rows.data?.message.title}
      </h2>
      <QueryError error={rows.error} />
      {rows.data && states.length === 0 && <p className="muted">{t('msg.noRows')}</p>}
      {states.length > 0 && (
        <DataTable
          rows={states}
          rowKey={(s) => s.userId}
          columns={[
            { header: t('common.user'), cell: (s) => s.userId },
            {
              header: t('common.status'),
              cell: (s) => `${s.state}${s.archived ? ' · archived' : ''}`,
            },
            { header: t('msg.deliveredTime'), cell: (s) => dateTime(s.deliveredTime, locale) },
            { header: t('msg.readTime'), cell: (s) => dateTime(s.readTime, locale) },
          ]}
        />
      )}
    </div>
  );
}
