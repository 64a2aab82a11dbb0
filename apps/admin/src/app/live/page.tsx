'use client';
import { useEffect, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Kpi } from '../../components/Kpi';
import { QueryError } from '../../components/QueryError';
import type { RouterOutputs } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';

type LiveSample = RouterOutputs['stats']['live'] extends AsyncIterable<infer T> ? T : never;
/** Samples kept for the chart (the server sends one every ~2 s: about four minutes). */
const HISTORY = 120;

export default function LivePage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [samples, setSamples] = useState<(LiveSample & { time: string })[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const sub = api.stats.live.subscribe(undefined, {
      onData: (sample) => {
        setError(null);
        setSamples((prev) => [
          ...prev.slice(-(HISTORY - 1)),
          { ...sample, time: new Date(sample.at).toLocaleTimeString(locale) },
        ]);
      },
      onError: setError,
    });
    return () => sub.unsubscribe();
  }, [api, locale]);

  const latest = samples.at(-1);
  return (
    <section>
      <h1>{t('live.title')}</h1>
      <QueryError error={error} />
      {!latest && !error && <p className="muted">{t('live.waiting')}</p>}
      {latest && (
        <>
          <div className="kpis" data-testid="live-kpis">
            <Kpi
              testId="live-connections"
              label={t('live.connections')}
              value={latest.connections}
            />
            <Kpi testId="live-online" label={t('live.onlineUsers')} value={latest.onlineUsers} />
            <Kpi testId="live-mps" label={t('live.mps')} value={latest.messagesPerSecond} />
          </div>
          <div className="card chart">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={samples}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="time" fontSize={12} />
                <YAxis allowDecimals={false} fontSize={12} />
                <Tooltip />
                <Legend />
                <Line
                  dataKey="connections"
                  name={t('live.connections')}
                  stroke="#2f6fed"
                  dot={false}
                  isAnimationActive={false}
                />
                <Line
                  dataKey="onlineUsers"
                  name={t('live.onlineUsers')}
                  stroke="#1f9d55"
                  dot={false}
                  isAnimationActive={false}
                />
                <Line
                  dataKey="messagesPerSecond"
                  name={t('live.mps')}
                  stroke="#d97706"
                  dot={false}
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </section>
  );
}
