'use client';
import { useEffect, useState } from 'react';
import { Kpi } from '../../components/Kpi';
import { QueryError } from '../../components/QueryError';
import { SeriesChart } from '../../components/SeriesChart';
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
          <p className="muted note" data-testid="live-connections-note">
            {t('live.connectionsNote')}
          </p>
          {latest.connections === 0 && latest.onlineUsers === 0 && (
            <p className="empty-state" data-testid="live-empty">
              {t('live.noClients')}
            </p>
          )}
          {samples.length < 2 ? (
            <p className="muted" data-testid="live-chart-soon">
              {t('live.chartSoon')}
            </p>
          ) : (
            <SeriesChart
              kind="line"
              className="card chart"
              data={samples}
              xKey="time"
              dots={false}
              series={[
                { key: 'connections', name: t('live.connections') },
                { key: 'onlineUsers', name: t('live.onlineUsers') },
                { key: 'messagesPerSecond', name: t('live.mps') },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
