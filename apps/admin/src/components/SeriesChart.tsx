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

/** Series colours, in order: the first series is always blue, the second green, the third amber. */
export const SERIES_COLORS = ['#2f6fed', '#1f9d55', '#d97706'] as const;

/** One plotted field of the rows: `key` names it, `name` is its legend / tooltip label. */
export interface Series<T> {
  key: keyof T & string;
  name: string;
}

/**
 * Several numeric series of the same rows over one x field, as lines or grouped bars, with grid,
 * integer y axis, tooltip and legend. Animation is off so charts render at once (and in tests).
 */
export function SeriesChart<T extends object>({
  kind,
  data,
  xKey,
  series,
  testId,
  className = 'chart',
  margin,
  curve,
  dots,
}: {
  kind: 'line' | 'bar';
  data: T[];
  xKey: keyof T & string;
  series: readonly Series<T>[];
  testId?: string;
  className?: string;
  margin?: { top?: number; right?: number; bottom?: number; left?: number };
  /** Line interpolation (lines only; recharts' default is linear). */
  curve?: 'monotone' | 'linear';
  /** Whether lines mark each point (lines only; default on). */
  dots?: boolean;
}) {
  const Chart = kind === 'line' ? LineChart : BarChart;
  // recharts checks data keys against the row type only for concrete types; the props above
  // already tie them to T, so the axes and series get plain strings.
  const xDataKey: string = xKey;
  return (
    <div className={className} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <Chart data={data} margin={margin}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={xDataKey} fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Legend />
          {series.map(({ key, name }, i) => {
            const dataKey: string = key;
            const color = SERIES_COLORS[i % SERIES_COLORS.length];
            return kind === 'line' ? (
              <Line
                key={key}
                type={curve}
                dataKey={dataKey}
                name={name}
                stroke={color}
                dot={dots}
                isAnimationActive={false}
              />
            ) : (
              <Bar key={key} dataKey={dataKey} name={name} fill={color} isAnimationActive={false} />
            );
          })}
        </Chart>
      </ResponsiveContainer>
    </div>
  );
}
