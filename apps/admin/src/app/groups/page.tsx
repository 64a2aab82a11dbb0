'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { SelectField } from '../../components/Field';
import { Pager } from '../../components/Pager';
import { QueryError } from '../../components/QueryError';
import { GROUP_KINDS, type GroupKind } from '../../lib/api-types';
import { dateTime } from '../../lib/format';
import { GROUP_KIND_LABELS, groupListQuery } from '../../lib/groups-api';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { CreateGroupForm } from './create-form';
import { GroupDetail } from './detail';

const PAGE_SIZE = 20;
/** The kind filter's choices; the empty value means every kind. */
const KIND_FILTERS: readonly (GroupKind | '')[] = ['', ...GROUP_KINDS];

export default function GroupsPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [filter, setFilter] = useState<{ type: GroupKind | ''; page: number }>({
    type: '',
    page: 1,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const list = useQuery({
    ...groupListQuery(api, { type: filter.type || undefined, page: filter.page, size: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  return (
    <section>
      <h1>{t('grp.title')}</h1>
      <div className="grid2">
        <div>
          <div className="row card">
            <SelectField
              label={t('common.type')}
              name="typeFilter"
              value={filter.type}
              options={KIND_FILTERS}
              onChange={(type) => setFilter({ type, page: 1 })}
              optionLabel={(k) => (k ? t(GROUP_KIND_LABELS[k]) : t('common.all'))}
            />
          </div>
          <QueryError error={list.error} />
          <DataTable
            testId="group-list"
            rows={list.data?.items ?? []}
            rowKey={(g) => g.groupId}
            rowProps={(g) => ({
              className: selected === g.groupId ? 'selected' : '',
              'data-group': g.groupId,
            })}
            columns={[
              {
                header: t('grp.name'),
                cell: (g) => (
                  <a href="#group-detail" onClick={() => setSelected(g.groupId)}>
                    {g.name}
                  </a>
                ),
              },
              { header: t('grp.id'), cell: (g) => <code>{g.groupId}</code> },
              { header: t('common.type'), cell: (g) => t(GROUP_KIND_LABELS[g.type]) },
              { header: t('grp.members'), cell: (g) => g.members.length, numeric: true },
              { header: t('grp.updated'), cell: (g) => dateTime(g.updateTime, locale) },
            ]}
          />
          {list.data?.items.length === 0 && <p className="muted">{t('common.none')}</p>}
          <Pager
            page={filter.page}
            size={PAGE_SIZE}
            total={list.data?.total ?? 0}
            onPage={(page) => setFilter({ ...filter, page })}
          />
          <CreateGroupForm onCreated={setSelected} />
        </div>
        <div id="group-detail">
          {selected ? (
            <GroupDetail key={selected} groupId={selected} onDeleted={() => setSelected(null)} />
          ) : (
            <p className="card muted">{t('grp.pick')}</p>
          )}
        </div>
      </div>
    </section>
  );
}
