'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { DataTable } from '../../components/DataTable';
import { Pager } from '../../components/Pager';
import { QueryError } from '../../components/QueryError';
import { MESSAGE_TYPES, type MessageType } from '../../lib/api-types';
import { dateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { RecipientStates } from './recipients';

const PAGE_SIZE = 20;
/** The type filter's choices; the empty value means every type. */
const TYPE_FILTERS: readonly (MessageType | '')[] = ['', ...MESSAGE_TYPES];

export default function MessagesPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<{ q: string; messageType: MessageType | ''; page: number }>({
    q: '',
    messageType: '',
    page: 1,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const input = {
    q: filter.q || undefined,
    messageType: filter.messageType || undefined,
    page: filter.page,
    size: PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: ['messages.orgList', input],
    queryFn: () => api.messages.orgList.query(input),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total ?? 0;

  function search(e: FormEvent) {
    e.preventDefault();
    setFilter({ ...filter, q: text.trim(), page: 1 });
  }

  return (
    <section>
      <h1>{t('msg.title')}</h1>
      <form className="row card" onSubmit={search}>
        <TextField label={t('msg.query')} name="q" value={text} onChange={setText} />
        <SelectField
          label={t('common.type')}
          value={filter.messageType}
          options={TYPE_FILTERS}
          onChange={(messageType) => setFilter({ ...filter, messageType, page: 1 })}
          optionLabel={(m) => m || t('common.all')}
        />
        <button type="submit">{t('common.search')}</button>
      </form>
      <QueryError error={list.error} />
      <DataTable
        testId="org-messages"
        rows={list.data?.items ?? []}
        rowKey={(m) => m.messageId}
        rowProps={(m) => ({ className: selected === m.messageId ? 'selected' : '' })}
        columns={[
          {
            header: t('common.title'),
            cell: (m) => (
              <a href="#recipients" onClick={() => setSelected(m.messageId)}>
                {m.title}
              </a>
            ),
          },
          { header: t('common.type'), cell: (m) => m.messageType },
          {
            header: t('msg.receiver'),
            cell: (m) => `${m.receiverType}${m.receiverId ? ` · ${m.receiverId}` : ''}`,
          },
          { header: t('common.status'), cell: (m) => m.status },
          { header: t('msg.recipientCount'), cell: (m) => m.recipientCount, numeric: true },
          { header: t('msg.readCount'), cell: (m) => m.readCount, numeric: true },
          { header: t('common.created'), cell: (m) => dateTime(m.createTime, locale) },
        ]}
      />
      {list.data && list.data.items.length === 0 && <p className="muted">{t('common.none')}</p>}
      <Pager
        page={filter.page}
        size={PAGE_SIZE}
        total={total}
        onPage={(page) => setFilter({ ...filter, page })}
      />
      <div id="recipients">{selected && <RecipientStates messageId={selected} />}</div>
    </section>
  );
}
