import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Telemetry } from '../ports/telemetry.js';

/** Prometheus metrics served at `GET /metrics`. */
export interface Metrics {
  registry: Registry;
  procedureCalls: Counter<'path' | 'type' | 'result'>;
  procedureDuration: Histogram<'type'>;
  wsConnections: Gauge;
  eventsPushed: Counter<'type'>;
  channelAttempts: Counter<'channel' | 'outcome'>;
  channelDuration: Histogram<'channel'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mc_' });
  return {
    registry,
    procedureCalls: new Counter({ name: 'mc_procedure_calls_total', help: 'tRPC procedure calls', labelNames: ['path', 'type', 'result'], registers: [registry] }),
    procedureDuration: new Histogram({ name: 'mc_procedure_duration_seconds', help: 'tRPC procedure latency', labelNames: ['type'], buckets: [0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2], registers: [registry] }),
    wsConnections: new Gauge({ name: 'mc_ws_connections', help: 'Open WebSocket connections on this instance', registers: [registry] }),
    eventsPushed: new Counter({ name: 'mc_events_pushed_total', help: 'Real-time events pushed to connections', labelNames: ['type'], registers: [registry] }),
    channelAttempts: new Counter({ name: 'mc_channel_attempts_total', help: 'External delivery attempts by channel and outcome', labelNames: ['channel', 'outcome'], registers: [registry] }),
    channelDuration: new Histogram({ name: 'mc_channel_attempt_seconds', help: 'External delivery attempt latency', labelNames: ['channel'], buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] }),
  };
}

/** The services' telemetry port, backed by these Prometheus counters. */
export function telemetryOf(metrics: Metrics): Telemetry {
  return {
    procedureCompleted: (path, type, isOk) => metrics.procedureCalls.inc({ path, type, result: isOk ? 'ok' : 'error' }),
    eventPushed: (type, count = 1) => metrics.eventsPushed.inc({ type }, count),
    requestCompleted: (type, seconds) => metrics.procedureDuration.observe({ type }, seconds),
    connectionsChanged: (delta) => metrics.wsConnections.inc(delta),
    channelAttempt: (channel, outcome, seconds) => {
      metrics.channelAttempts.inc({ channel, outcome });
      if (outcome !== 'short_circuit') metrics.channelDuration.observe({ channel }, seconds);
    },
  };
}
