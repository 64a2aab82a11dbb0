/**
 * The telemetry port: counters the services and the API layer report into. The reference server
 * backs it with Prometheus (`GET /metrics`); an embedding host may supply its own or none.
 */
export interface Telemetry {
  /** A tRPC procedure finished (`isOk` false when it answered with an error). */
  procedureCompleted(path: string, type: string, isOk: boolean): void;
  /** `count` (default 1) real-time events of `type` were handed to connections. */
  eventPushed(type: string, count?: number): void;
  /** An HTTP API request finished after `seconds`. */
  requestCompleted?(type: 'query' | 'mutation', seconds: number): void;
  /** A WebSocket connection opened (+1) or closed (-1). */
  connectionsChanged?(delta: 1 | -1): void;
  /** An external delivery attempt finished (`outcome`: delivered, retry, failed, short_circuit). */
  channelAttempt?(channel: string, outcome: 'delivered' | 'retry' | 'failed' | 'short_circuit', seconds: number): void;
}
