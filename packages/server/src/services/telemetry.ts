/**
 * The telemetry port: counters the services and the API layer report into. The reference server
 * backs it with Prometheus (`GET /metrics`); an embedding host may supply its own or none.
 */
export interface Telemetry {
  /** A tRPC procedure finished (`isOk` false when it answered with an error). */
  procedureCompleted(path: string, type: string, isOk: boolean): void;
  /** A real-time event was handed to a connection. */
  eventPushed(type: string): void;
}
