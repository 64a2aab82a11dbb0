'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useDeferredValue, useMemo, useState } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { DataTable } from '../../components/DataTable';
import { QueryError } from '../../components/QueryError';
import { dateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { templatesApi } from '../../lib/templates-api';

export default function TemplatesPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const q = useDeferredValue(search.trim());
  // Categories for the filter come from the first page of all templates.
  const all = useQuery({
    queryKey: ['templates.list', 'categories'],
    queryFn: () => templatesApi(api).list.query({ size: 100 }),
  });
  const input = { ...(category ? { category } : {}), ...(q ? { q } : {}), size: 100 };
  const filtered = useQuery({
    queryKey: ['templates.list', input],
    queryFn: () => templatesApi(api).list.query(input),
    placeholderData: keepPreviousData,
  });
  const categories = useMemo(
    () => [...new Set((all.data?.items ?? []).map((tpl) => tpl.category))].sort(),
    [all.data],
  );
  const rows = filtered.data?.items ?? [];

  return (
    <section>
      <div className="row">
        <h1>{t('tpl.title')}</h1>
        <span className="spacer" />
        <Link href="/templates/new">
          <button type="button">{t('tpl.new')}</button>
        </Link>
      </div>
      <div className="row card">
        <TextField
          label={t('common.search')}
          name="search"
          placeholder={t('tpl.searchPlaceholder')}
          value={search}
          onChange={setSearch}
        />
        <SelectField
          label={t('common.category')}
          name="category"
          value={category}
          options={['', ...categories]}
          onChange={setCategory}
          optionLabel={(c) => c || t('common.all')}
        />
      </div>
      <QueryError error={filtered.error} />
      <DataTable
        testId="template-list"
        rows={rows}
        rowKey={(tpl) => tpl.templateId}
        columns={[
          {
            header: t('tpl.name'),
            cell: (tpl) => (
              <Link href={`/templates/${encodeURIComponent(tpl.templateId)}`}>{tpl.name}</Link>
            ),
          },
          { header: t('common.category'), cell: (tpl) => tpl.category },
          { header: t('common.type'), cell: (tpl) => tpl.messageType },
          { header: t('common.title'), cell: (tpl) => tpl.title },
          {
            header: t('common.status'),
            cell: (tpl) => (tpl.enabled ? t('tpl.enabled') : t('tpl.disabled')),
          },
          { header: t('tpl.version'), cell: (tpl) => tpl.version, numeric: true },
          { header: t('common.created'), cell: (tpl) => dateTime(tpl.createTime, locale) },
        ]}
      />
      {filtered.data && rows.length === 0 && <p className="muted">{t('common.none')}</p>}
    </section>
  );
}
