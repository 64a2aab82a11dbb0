import { streamPositionAt, timeOfStreamPosition } from '../domain/index.js';

/**
 * Event ids double as resume cursors. A MESSAGE event's id is the message's `seq` (its
 * time-ordered stream position). Any other event carries `<cursor>.<n>`: the last seq the
 * connection delivered plus a counter, so resuming from it never skips a message the client has
 * not seen, and ids stay unique within a connection.
 */
const SEQ_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The stream position an event id stands for, or null when it is not one of ours. */
export function cursorOfEventId(eventId: string): string | null {
  const base = eventId.split('.')[0] ?? '';
  return SEQ_PATTERN.test(base) ? base : null;
}

/** Milliseconds since the epoch at which `seq` was made (the ULID time part). */
export function timeOfSeq(seq: string): number {
  return timeOfStreamPosition(seq);
}

/**
 * Where to replay from when resuming after `cursor`. With no overlap that is the cursor itself
 * (the replay is exclusive: nothing at or before it comes again). With `overlapMs` it reaches
 * that much earlier, because a message with a smaller seq may arrive after the client saw
 * `cursor` (see `late-arrivals.ts`); replayed messages the client already has come again.
 */
export function replayFloor(cursor: string, overlapMs: number): string {
  if (overlapMs <= 0) return cursor;
  return streamPositionAt(timeOfSeq(cursor) - overlapMs);
}
