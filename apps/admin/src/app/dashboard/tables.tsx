'use client';
import type { StatsOverview } from '../../lib/api-types';
import { percent } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

/** The daily numbers behind the chart. */
export function DailyTable({ data }: { data: StatsOverview['dailyStats'] }) {
  const { t } = useI18n();
  return (
    <table data-testid="daily-table">
      <thead>
        <tr>
          <th>{t('common.date')}</th>
          <th className="num">{t('common.total')}</th>
          <th className="num">{t('common.delivered')}</th>
          <th className="num">{t('common.read')}</th>
          <th className="num">{t('common.readRate')}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.date} data-date={d.date}>
            <td>{d.date}</td>
            <td className="num">{d.total}</td>
            <td className="num">{d.delivered}</td>
            <td className="num">{d.read}</td>
            <td className="num">{percent(d.readRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The per-type numbers behind the chart. */
export function TypeTable({ data }: { data: StatsOverview['typeStats'] }) {
  const { t } = useI18n();
  if (data.length === 0) return <p className="muted">{t('common.none')}</p>;
  return (
    <table data-testid="type-table">
      <thead>
        <tr>
          <th>{t('common.type')}</th>
          <th className="num">{t('common.total')}</th>
          <th className="num">{t('common.delivered')}</th>
          <th className="num">{t('common.read')}</th>
          <th className="num">{t('common.readRate')}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.messageType} data-type={d.messageType}>
            <td>{d.messageType}</td>
            <td className="num">{d.count}</td>
            <td className="num">{d.delivered}</td>
            <td className="num">{d.read}</td>
            <td className="num">{percent(d.readRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
