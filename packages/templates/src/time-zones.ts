/**
 * Time-zone arithmetic on top of `Intl` (no Node built-ins, so it runs in browsers). Asking
 * `Intl` for an offset is slow, so offsets are cached per zone and hour; an hour that contains
 * a transition is never cached.
 */

const HOUR = 3_600_000;
/** Outside years 1–9999 `Intl` reports eras and odd years; clamp there (offsets are LMT anyway). */
const MIN_TIME = -62_135_596_800_000;
const MAX_TIME = 253_402_300_799_999;

interface Zone {
  readonly formatter: Intl.DateTimeFormat;
  readonly offsets: Map<number, number>;
}

const zones = new Map<string, Zone>();

function zone(timeZone: string): Zone {
  let found = zones.get(timeZone);
  if (!found) {
    // Throws RangeError for an unknown zone; callers turn that into a template error.
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    found = { formatter, offsets: new Map() };
    if (zones.size > 64) zones.clear();
    zones.set(timeZone, found);
  }
  return found;
}

/** True when `Intl` knows the zone (IANA names such as `Asia/Shanghai`, or `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    zone(timeZone);
    return true;
  } catch {
    return false;
  }
}

function exactOffset(formatter: Intl.DateTimeFormat, time: number): number {
  const t = Math.min(MAX_TIME, Math.max(MIN_TIME, time));
  const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatter.formatToParts(t)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  wall.setUTCHours(fields.hour === 24 ? 0 : fields.hour, fields.minute, fields.second, 0);
  return wall.getTime() - (t - (((t % 1000) + 1000) % 1000));
}

/** Milliseconds to add to a UTC instant to get the wall-clock time in `timeZone`. */
export function offsetAt(timeZone: string, time: number): number {
  const { formatter, offsets } = zone(timeZone);
  const hour = Math.floor(time / HOUR);
  const cached = offsets.get(hour);
  if (cached !== undefined) return Number.isNaN(cached) ? exactOffset(formatter, time) : cached;
  const atStart = exactOffset(formatter, hour * HOUR);
  const atEnd = exactOffset(formatter, hour * HOUR + HOUR - 1);
  if (offsets.size > 4096) offsets.clear();
  offsets.set(hour, atStart === atEnd ? atStart : Number.NaN);
  return atStart === atEnd ? atStart : exactOffset(formatter, time);
}

/**
 * The instant at which the wall clock in `timeZone` shows `wall` (a wall time encoded as if it
 * were UTC). Wall times in a daylight-saving gap or overlap resolve to one of the candidates.
 */
export function wallTimeToInstant(timeZone: string, wall: number): number {
  const guess = wall - offsetAt(timeZone, wall);
  const offset = offsetAt(timeZone, guess);
  if (wall - offset === guess) return guess;
  const retry = wall - offset;
  return offsetAt(timeZone, retry) === offset ? retry : guess;
}
