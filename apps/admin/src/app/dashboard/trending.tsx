'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DataTable } from '../../components/DataTable';
import { QueryError } from '../../components/QueryError';
import { SERIES_COLORS } from '../../components/SeriesChart';
import type { RouterInputs } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';

type Period = NonNullable<Exclude<RouterInputs['stats']['trending'], void>>['period'];
const PERIODS = ['24h', '7d', '30d'] as const satisfies readonly Period[];

/** Most-read messages of a period, as bars and a table. */
export function Trending({ orgId, showTable }: { orgId: string | undefined; showTable: boolean }) {
  const { t } = useI18n();
  const api = useApi();
  const [period, setPeriod] = useState<Period>('7d');
  const input = { period, limit: 10, ...(orgId ? { orgId } : {}) };
  const trending = useQuery({
    queryKey: ['stats.trending', input],
    queryFn: () => api.stats.trending.query(input),
  });
  const rows = trending.data ?? [];
  return (
    <div className="card" data-testid="trending">
      <div className="row">
        <h2>{t('dash.trending')}</h2>
        <label className="inline">
          {t('dash.period')}{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            {PERIODS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
      </div>
      <QueryError error={trending.error} />
      {rows.length === 0 ? (
        <p className="muted">{t('common.none')}</p>
      ) : (
        <>
          <div className="chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} layout="vertical" margin={{ left: 24, right: 16 }}>
                <XAxis type="number" allowDecimals={false} fontSize={12} />
                <YAxis type="category" dataKey="title" width={200} fontSize={12} />
                <Tooltip />
                <Bar
                  dataKey="readCount"
                  name={t('dash.readCount')}
                  fill={SERIES_COLORS[0]}
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </div>
          {showTable && (
            <DataTable
              rows={rows}
              rowKey={(m) => m.messageId}
              columns={[
                { header: t('common.title'), cell: (m) => m.title },
                { header: t('common.type'), cell: (m) => m.messageType },
                { header: t('msg.recipientCount'), cell: (m) => m.recipientCount, numeric: true },
                { header: t('dash.readCount'), cell: (m) => m.readCount, numeric: true },
              ]}
            />
          )}
        </>
      )}
    </div>
  );
}
