'use client';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { StatsOverview } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n';

const COLORS = { total: '#2f6fed', delivered: '#1f9d55', read: '#d97706' };

/** Daily total / delivered / read lines. */
export function DailyChart({ data }: { data: StatsOverview['dailyStats'] }) {
  const { t } = useI18n();
  return (
    <div className="chart" data-testid="daily-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Legend />
          <Line
            type="monotone"
            dataKey="total"
            name={t('common.total')}
            stroke={COLORS.total}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="delivered"
            name={t('common.delivered')}
            stroke={COLORS.delivered}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="read"
            name={t('common.read')}
            stroke={COLORS.read}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Per-message-type bars. */
export function TypeChart({ data }: { data: StatsOverview['typeStats'] }) {
  const { t } = useI18n();
  return (
    <div className="chart" data-testid="type-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="messageType" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Legend />
          <Bar
            dataKey="count"
            name={t('common.total')}
            fill={COLORS.total}
            isAnimationActive={false}
          />
          <Bar
            dataKey="delivered"
            name={t('common.delivered')}
            fill={COLORS.delivered}
            isAnimationActive={false}
          />
          <Bar
            dataKey="read"
            name={t('common.read')}
            fill={COLORS.read}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
