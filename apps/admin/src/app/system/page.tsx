'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { SelectField } from '../../components/Field';
import { Pager } from '../../components/Pager';
import { QueryError } from '../../components/QueryError';
import { dateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { SystemComposer } from './composer';

const PAGE_SIZE = 20;
const STATES = ['ACTIVE', 'EXPIRED', 'ALL'] as const;

/** System notifications: compose one, and list the active and expired ones. */
export default function SystemPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [filter, setFilter] = useState<{ state: (typeof STATES)[number]; page: number }>({
    state: 'ACTIVE',
    page: 1,
  });
  const input = { state: filter.state, page: filter.page, size: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['system.list', input],
    queryFn: () => api.system.list.query(input),
    placeholderData: keepPreviousData,
  });

  return (
    <section>
      <h1>{t('sys.title')}</h1>
      <SystemComposer onSent={() => void list.refetch()} />
      <div className="row card">
        <SelectField
          label={t('sys.state')}
          name="state"
          value={filter.state}
          options={STATES}
          onChange={(state) => setFilter({ state, page: 1 })}
          optionLabel={(s) => t(`sys.state.${s}`)}
        />
      </div>
      <QueryError error={list.error} />
      <DataTable
        testId="system-list"
        rows={list.data?.items ?? []}
        rowKey={(n) => n.notificationId}
        rowProps={(n) => ({ 'data-id': n.notificationId })}
        columns={[
          {
            header: t('sys.level'),
            cell: (n) => <span className={`level level-${n.level.toLowerCase()}`}>{n.level}</span>,
          },
          { header: t('common.title'), cell: (n) => n.title },
          { header: t('common.content'), cell: (n) => n.content },
          { header: t('sys.scope'), cell: (n) => n.orgId ?? t('sys.allOrgs') },
          { header: t('common.created'), cell: (n) => dateTime(n.createTime, locale) },
          { header: t('sys.expireTime'), cell: (n) => dateTime(n.expireTime, locale) },
        ]}
      />
      {list.data && list.data.items.length === 0 && <p className="muted">{t('common.none')}</p>}
      <Pager
        page={filter.page}
        size={PAGE_SIZE}
        total={list.data?.total ?? 0}
        onPage={(page) => setFilter({ ...filter, page })}
      />
    </section>
  );
}
