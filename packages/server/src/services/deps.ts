import type { Logger } from 'pino';
import type { Bus } from '../bus/types.js';
import type { Store } from '../store/types.js';
import type { Directory } from './directory.js';
import type { EventPublisher } from './events.js';
import type { Telemetry } from './telemetry.js';

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
  };
  /** Time zone for statistics days and template dates. */
  timeZone: string;
  /** Where counters go (Prometheus in the reference server); optional for embedders and tests. */
  telemetry?: Telemetry;
}
