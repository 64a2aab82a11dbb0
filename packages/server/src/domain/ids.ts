import { decodeTime, encodeTime, monotonicFactory, TIME_LEN, TIME_MAX } from 'ulid';
import { z } from 'zod';
import { POISONOUS_KEYS } from './free-json.js';

/**
 * Uniform fractions in [0, 1) from crypto-strength bytes drawn 4 KiB at a time. ulid's default
 * source asks the OS for one byte per character (16 calls per id), which cost more per send
 * than storing the message; one byte per character still gives each of the 32 symbols equal odds.
 */
function pooledRandomFraction(): () => number {
  const pool = new Uint8Array(4096);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      crypto.getRandomValues(pool);
      next = 0;
    }
    return pool[next++]! / 256;
  };
}

const nextUlid = monotonicFactory(pooledRandomFraction());

/**
 * A new time-ordered id: 26 Crockford base-32 characters whose lexical order is creation order
 * (monotonic within one process, millisecond-ordered across processes).
 */
export function newTimeOrderedId(now: number = Date.now()): string {
  return nextUlid(now);
}

/** Message ids are time-ordered so they sort by creation and double as cursors. */
export const newMessageId = (now?: number): string => `msg_${newTimeOrderedId(now)}`;

/**
 * The smallest stream position at or after `time`: ids made at `time` or later sort after it.
 * Used to turn a point in time into a replay cursor (for overlap windows).
 */
export function streamPositionAt(time: number): string {
  const ms = Math.min(TIME_MAX, Math.max(0, Math.floor(time)));
  return encodeTime(ms, TIME_LEN) + '0'.repeat(26 - TIME_LEN);
}

/** Milliseconds since the epoch at which a time-ordered id (a stream position) was made. */
export function timeOfStreamPosition(position: string): number {
  return decodeTime(position.slice(0, 26).padEnd(26, '0'));
}

/**
 * An external id (user, org, group, sender): a non-empty string, or a number that is
 * normalized to its decimal string (`1001` → `"1001"`).
 */
export const ExternalId = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v).trim())
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(128, 'must be at most 128 characters')
      .regex(/^[^\s:]+$/, 'must not contain spaces or ":"')
      // Ids become object keys in responses (presence by user id); these would break serialization.
      .refine((id) => !POISONOUS_KEYS.has(id), 'must not be __proto__, constructor or prototype'),
  );

/**
 * An in-memory map key for one user of one org (live connections, per-user fan-out). The org's
 * length comes first, so no two (org, user) pairs share a key whatever characters they contain
 * (`a` + `b:c` and `a:b` + `c` differ). Not a storage key: stored state uses `inboxUserKey`.
 */
export const orgUserKey = (orgId: string, userId: string): string => `${orgId.length}:${orgId}:${userId}`;
