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

const DAY_MS = 86_400_000;
/** The last UTC day computed (start in epoch ms, and its text): sends of one day all share it. */
let lastDay = { start: Number.NaN, text: '' };

/** `YYYY-MM-DD` of `at` in UTC: the bucket counters are kept in. */
export function dayOf(at: Date): string {
  // Called for every message sent and delivered; `toISOString` per call is a visible cost.
  const ms = at.getTime();
  if (ms >= lastDay.start && ms < lastDay.start + DAY_MS) return lastDay.text;
  const text = at.toISOString().slice(0, 10);
  lastDay = { start: ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS), text };
  return text;
}
