'use client';
import { DataTable, type Column } from '../../components/DataTable';
import type { StatsOverview } from '../../lib/api-types';
import { percent } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

type Daily = StatsOverview['dailyStats'][number];
type ByType = StatsOverview['typeStats'][number];

/** The total / delivered / read / read-rate columns both stats tables end with. */
function useCountColumns<T extends { delivered: number; read: number; readRate: number }>(
  total: (row: T) => number,
): Column<T>[] {
  const { t } = useI18n();
  return [
    { header: t('common.total'), cell: total, numeric: true },
    { header: t('common.delivered'), cell: (row) => row.delivered, numeric: true },
    { header: t('common.read'), cell: (row) => row.read, numeric: true },
    { header: t('common.readRate'), cell: (row) => percent(row.readRate), numeric: true },
  ];
}

/** The daily numbers behind the chart. */
export function DailyTable({ data }: { data: Daily[] }) {
  const { t } = useI18n();
  const counts = useCountColumns<Daily>((d) => d.total);
  return (
    <DataTable
      testId="daily-table"
      rows={data}
      rowKey={(d) => d.date}
      rowProps={(d) => ({ 'data-date': d.date })}
      columns={[{ header: t('common.date'), cell: (d) => d.date }, ...counts]}
    />
  );
}

/** The per-type numbers behind the chart. */
export function TypeTable({ data }: { data: ByType[] }) {
  const { t } = useI18n();
  const counts = useCountColumns<ByType>((d) => d.count);
  if (data.length === 0) return <p className="muted">{t('common.none')}</p>;
  return (
    <DataTable
      testId="type-table"
      rows={data}
      rowKey={(d) => d.messageType}
      rowProps={(d) => ({ 'data-type': d.messageType })}
      columns={[{ header: t('common.type'), cell: (d) => d.messageType }, ...counts]}
    />
  );
}
