'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { Kpi } from '../../components/Kpi';
import { QueryError } from '../../components/QueryError';
import { hasRole } from '../../lib/api-types';
import { downloadText, statsCsv } from '../../lib/csv';
import { fieldBinder } from '../../lib/form';
import { daysAgo, duration, percent } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';
import { DailyChart, TypeChart } from './charts';
import { DailyTable, TypeTable } from './tables';
import { Trending } from './trending';

const GROUP_BY = ['day', 'week', 'month'] as const;

export default function DashboardPage() {
  const { t } = useI18n();
  const api = useApi();
  const { principal } = useSession();
  const isPlatform = hasRole(principal, 'platform');
  const [range, setRange] = useState({ startDate: daysAgo(6), endDate: daysAgo(0), orgId: '' });
  const [groupBy, setGroupBy] = useState<(typeof GROUP_BY)[number]>('day');
  const [showTables, setShowTables] = useState(true);
  const input = {
    startDate: range.startDate,
    endDate: range.endDate,
    groupBy,
    ...(isPlatform && range.orgId ? { orgId: range.orgId } : {}),
  };
  const overview = useQuery({
    queryKey: ['stats.overview', input],
    queryFn: () => api.stats.overview.query(input),
  });
  const o = overview.data;
  const rangeField = fieldBinder(range, setRange);

  return (
    <section>
      <h1>{t('dash.title')}</h1>
      <div className="row card">
        <TextField label={t('dash.from')} type="date" {...rangeField('startDate')} />
        <TextField label={t('dash.to')} type="date" {...rangeField('endDate')} />
        {isPlatform && (
          <TextField
            label={t('dash.org')}
            name="orgId"
            value={range.orgId}
            placeholder={principal?.orgId}
            onChange={(orgId) => setRange({ ...range, orgId: orgId.trim() })}
          />
        )}
        <SelectField
          label={t('dash.groupBy')}
          name="groupBy"
          value={groupBy}
          options={GROUP_BY}
          onChange={setGroupBy}
          optionLabel={(g) => t(`dash.groupBy.${g}`)}
        />
        <button
          type="button"
          className="secondary"
          data-testid="export-csv"
          disabled={!o}
          onClick={() =>
            o && downloadText(`statistics-${o.startDate}-${o.endDate}.csv`, statsCsv(o))
          }
        >
          {t('dash.exportCsv')}
        </button>
        <label className="inline">
          <input
            type="checkbox"
            checked={showTables}
            onChange={(e) => setShowTables(e.target.checked)}
          />{' '}
          {t('common.showTable')}
        </label>
      </div>
      <QueryError error={overview.error} />
      {!o && !overview.error && <p className="muted">{t('common.loading')}</p>}
      {o && (
        <>
          <div className="kpis" data-testid="kpis">
            <Kpi testId="kpi-total" label={t('common.total')} value={o.total} />
            <Kpi testId="kpi-delivered" label={t('common.delivered')} value={o.delivered} />
            <Kpi
              testId="kpi-delivered-rate"
              label={t('common.deliveredRate')}
              value={percent(o.deliveryRate)}
            />
            <Kpi testId="kpi-read" label={t('common.read')} value={o.read} />
            <Kpi testId="kpi-read-rate" label={t('common.readRate')} value={percent(o.readRate)} />
            <Kpi
              testId="kpi-avg-read-time"
              label={t('dash.avgReadTime')}
              value={duration(o.avgReadTime)}
            />
          </div>
          <div className="grid2">
            <div className="card">
              <h2>{t('dash.daily')}</h2>
              <DailyChart data={o.dailyStats} />
              {showTables && <DailyTable data={o.dailyStats} />}
            </div>
            <div className="card">
              <h2>{t('dash.byType')}</h2>
              <TypeChart data={o.typeStats} />
              {showTables && <TypeTable data={o.typeStats} />}
            </div>
          </div>
        </>
      )}
      <Trending orgId={input.orgId} showTable={showTables} />
    </section>
  );
}
