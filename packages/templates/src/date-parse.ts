/** Reads template values as instants: Dates, epoch milliseconds and ISO 8601 strings. */
import { wallTimeToInstant } from './time-zones.js';

const ISO =
  /^(-?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const LIMIT = 8.64e15;

/**
 * The epoch-millisecond instant `value` stands for, or `undefined` if it isn't a date. A string
 * without an offset (`2024-03-15`, `2024-03-15 02:00`) is a wall time in `timeZone`, which is
 * what someone typing a date into a preview means.
 */
export function toInstant(value: unknown, timeZone: string): number | undefined {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? undefined : time;
  }
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= LIMIT ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = ISO.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const fields = [Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0)] as const;
  if (fields[0] > 11 || fields[1] < 1 || fields[1] > 31 || fields[2] > 23 || fields[3] > 59 || fields[4] > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), fields[0], fields[1]);
  if (date.getUTCDate() !== fields[1]) return undefined; // 2024-02-31
  date.setUTCHours(fields[2], fields[3], fields[4], Number((fraction ?? '0').padEnd(3, '0').slice(0, 3)));
  const wall = date.getTime();
  if (Number.isNaN(wall) || Math.abs(wall) > LIMIT) return undefined;
  if (!zone) return wallTimeToInstant(timeZone, wall);
  if (zone.toUpperCase() === 'Z') return wall;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
  return wall - offset;
}
