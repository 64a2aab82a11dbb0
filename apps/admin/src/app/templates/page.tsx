'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useDeferredValue, useMemo, useState } from 'react';
import { SelectField, TextField } from '../../components/Field';
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
      <table data-testid="template-list">
        <thead>
          <tr>
            <th>{t('tpl.name')}</th>
            <th>{t('common.category')}</th>
            <th>{t('common.type')}</th>
            <th>{t('common.title')}</th>
            <th>{t('common.status')}</th>
            <th className="num">{t('tpl.version')}</th>
            <th>{t('common.created')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((tpl) => (
            <tr key={tpl.templateId}>
              <td>
                <Link href={`/templates/${encodeURIComponent(tpl.templateId)}`}>{tpl.name}</Link>
              </td>
              <td>{tpl.category}</td>
              <td>{tpl.messageType}</td>
              <td>{tpl.title}</td>
              <td>{tpl.enabled ? t('tpl.enabled') : t('tpl.disabled')}</td>
              <td className="num">{tpl.version}</td>
              <td>{dateTime(tpl.createTime, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {filtered.data && rows.length === 0 && <p className="muted">{t('common.none')}</p>}
    </section>
  );
}
