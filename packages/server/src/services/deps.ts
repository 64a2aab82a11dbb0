import type { Logger } from 'pino';
import type { Bus } from '../ports/bus.js';
import type { Store } from '../ports/store.js';
import type { Directory } from '../ports/directory.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import type { Telemetry } from '../ports/telemetry.js';
import type { DeliveryRecorder } from '../ports/delivery-recorder.js';
import type { RoutingRule } from '../domain/index.js';

/** Routing rules per org, each kept until `until` (ms); see services/routing/rule-cache.ts. */
export type RuleCacheEntries = Map<string, { rules: RoutingRule[]; until: number }>;

/** What every service needs: ports, the clock and a logger. Services never import adapters. */
export interface ServiceDeps {
  store: Store;
  bus: Bus;
  directory: Directory;
  events: EventPublisher;
  logger: Logger;
  /** Current time; tests may substitute a controllable clock. */
  now: () => Date;
  limits: {
    /** Sends per minute per sender. */
    sendsPerUserPerMinute: number;
    /** Sends per minute per org. */
    sendsPerOrgPerMinute: number;
    /** Template evaluation budget per render (send, preview): operations and largest value. */
    templateMaxOperations?: number;
    templateMaxValueChars?: number;
    /**
     * Operations one per-reader render of a stored group/broadcast message may use. Such a
     * message is rendered once for each of its readers, so it gets a smaller budget; a send whose
     * per-reader render would exceed it is refused.
     */
    templateReaderMaxOperations?: number;
    /** Reads (inbox queries) per minute per user; unset = unlimited (embedders, tests). */
    readsPerUserPerMinute?: number;
    /** Schemes allowed in message links; unset = `http`, `https`. */
    urlSchemes?: readonly string[];
  };
  /** Time zone for statistics days and template dates. */
  timeZone: string;
  /** Where counters go (Prometheus in the reference server); optional for embedders and tests. */
  telemetry?: Telemetry;
  /** Refuse direct sends to receivers the directory does not know (`MC_STRICT_RECEIVERS`). */
  strictReceivers?: boolean;
  /** Batched delivery accounting; without it an acknowledgement writes its row at once. */
  deliveries?: DeliveryRecorder;
  /** Days the operation log is kept (`MC_AUDIT_RETENTION_DAYS`, default 180). */
  auditRetentionDays?: number;
  /**
   * The routing rules this set of services keeps briefly per org; `createServices` makes one,
   * so every service built together sees the same entries. Without it rules are read each time.
   */
  ruleCache?: RuleCacheEntries;
}
