import type { MessageType } from './enums.js';

/** Counter increments for one org × day × message type. */
export interface StatsDelta {
  total?: number;
  delivered?: number;
  read?: number;
  /** Sum of seconds from send to read, for the average time-to-read. */
  readTimeSum?: number;
}

/** One stored counter row. */
export interface DailyCounter {
  orgId: string;
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  messageType: MessageType;
  total: number;
  delivered: number;
  read: number;
  readTimeSum: number;
}

/** `YYYY-MM-DD` of `at` in UTC: the bucket counters are kept in. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);
