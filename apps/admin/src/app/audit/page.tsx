'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DataTable } from '../../components/DataTable';
import { TextField } from '../../components/Field';
import { Pager } from '../../components/Pager';
import { QueryError } from '../../components/QueryError';
import { dateTime, fromLocalInput } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';

const PAGE_SIZE = 20;
const EMPTY = { action: '', actorId: '', from: '', to: '' };

/** The operation log: who changed what, when, newest first, with filters. */
export default function AuditPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [form, setForm] = useState(EMPTY);
  const [filter, setFilter] = useState({ ...EMPTY, page: 1 });
  const input = {
    action: filter.action || undefined,
    actorId: filter.actorId || undefined,
    from: fromLocalInput(filter.from),
    to: fromLocalInput(filter.to),
    page: filter.page,
    size: PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: ['audit.list', input],
    queryFn: () => api.audit.list.query(input),
    placeholderData: keepPreviousData,
  });

  function search(e: FormEvent) {
    e.preventDefault();
    setFilter({
      action: form.action.trim(),
      actorId: form.actorId.trim(),
      from: form.from,
      to: form.to,
      page: 1,
    });
  }
  const set = (key: keyof typeof EMPTY) => (value: string) => setForm({ ...form, [key]: value });

  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <form className="row card" onSubmit={search}>
        <TextField
          label={t('audit.action')}
          name="action"
          placeholder="templates.update"
          value={form.action}
          onChange={set('action')}
        />
        <TextField
          label={t('audit.actor')}
          name="actorId"
          value={form.actorId}
          onChange={set('actorId')}
        />
        <TextField
          label={t('dash.from')}
          name="from"
          type="datetime-local"
          value={form.from}
          onChange={set('from')}
        />
        <TextField
          label={t('dash.to')}
          name="to"
          type="datetime-local"
          value={form.to}
          onChange={set('to')}
        />
        <button type="submit">{t('common.search')}</button>
      </form>
      <QueryError error={list.error} />
      <DataTable
        testId="audit-table"
        rows={list.data?.items ?? []}
        rowKey={(e) => e.auditId}
        rowProps={(e) => ({ 'data-action': e.action })}
        columns={[
          { header: t('audit.time'), cell: (e) => dateTime(e.createTime, locale) },
          { header: t('audit.actor'), cell: (e) => e.actorId },
          { header: t('audit.action'), cell: (e) => <code>{e.action}</code> },
          { header: t('audit.target'), cell: (e) => e.targetId ?? '' },
          { header: t('audit.diff'), cell: (e) => <code className="diff">{e.diff}</code> },
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
