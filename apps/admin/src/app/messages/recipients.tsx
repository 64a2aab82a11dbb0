'use client';
import { useQuery } from '@tanstack/react-query';
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
        <table>
          <thead>
            <tr>
              <th>{t('common.user')}</th>
              <th>{t('common.status')}</th>
              <th>{t('msg.deliveredTime')}</th>
              <th>{t('msg.readTime')}</th>
            </tr>
          </thead>
          <tbody>
            {states.map((s) => (
              <tr key={s.userId}>
                <td>{s.userId}</td>
                <td>
                  {s.state}
                  {s.archived ? ' · archived' : ''}
                </td>
                <td>{dateTime(s.deliveredTime, locale)}</td>
                <td>{dateTime(s.readTime, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
