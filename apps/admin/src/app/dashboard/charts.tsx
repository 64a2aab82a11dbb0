'use client';
import { SeriesChart } from '../../components/SeriesChart';
import type { StatsOverview } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n';

const MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };

/** Daily total / delivered / read lines. */
export function DailyChart({ data }: { data: StatsOverview['dailyStats'] }) {
  const { t } = useI18n();
  return (
    <SeriesChart
      kind="line"
      testId="daily-chart"
      data={data}
      xKey="date"
      margin={MARGIN}
      curve="monotone"
      series={[
        { key: 'total', name: t('common.total') },
        { key: 'delivered', name: t('common.delivered') },
        { key: 'read', name: t('common.read') },
      ]}
    />
  );
}

/** Per-message-type bars. */
export function TypeChart({ data }: { data: StatsOverview['typeStats'] }) {
  const { t } = useI18n();
  return (
    <SeriesChart
      kind="bar"
      testId="type-chart"
      data={data}
      xKey="messageType"
      margin={MARGIN}
      series={[
        { key: 'count', name: t('common.total') },
        { key: 'delivered', name: t('common.delivered') },
        { key: 'read', name: t('common.read') },
      ]}
    />
  );
}
