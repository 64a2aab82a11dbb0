import { monotonicFactory } from 'ulid';
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
  return nextUlidFloor(time);
}

const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function nextUlidFloor(time: number): string {
  let t = Math.max(0, Math.floor(time));
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ENCODING.charAt(t % 32) + out;
    t = Math.floor(t / 32);
  }
  return out + '0'.repeat(16);
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
