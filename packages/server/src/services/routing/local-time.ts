import type { TimeWindow, Weekday } from '../../domain/index.js';

/** Wall-clock time of an instant in a time zone. */
export interface LocalTime {
  weekday: Weekday;
  /** Minutes since local midnight. */
  minuteOfDay: number;
}

const WEEKDAYS: Record<string, Weekday> = {
  Mon: 'MON',
  Tue: 'TUE',
  Wed: 'WED',
  Thu: 'THU',
  Fri: 'FRI',
  Sat: 'SAT',
  Sun: 'SUN',
};
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    // Bounded: zones are validated IANA names, of which there are a few hundred.
    if (formatters.size < 1000) formatters.set(timeZone, f);
  }
  return f;
}

/** The weekday and minute of the day of `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  let weekday: Weekday = 'MON';
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 'MON';
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minuteOfDay: hour * 60 + minute };
}

/** `HH:mm` → minutes since midnight. */
export const minutesOf = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a minute of the day lies in a window; `start > end` crosses midnight. End is exclusive. */
export function isInWindow(minuteOfDay: number, window: TimeWindow): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return start < end
    ? minuteOfDay >= start && minuteOfDay < end
    : minuteOfDay >= start || minuteOfDay < end;
}

/**
 * The next instant after `from` at which the wall clock in `timeZone` shows `hhmm` (at :00
 * seconds). Computed in local minutes, then corrected for an offset change (daylight saving)
 * between now and then.
 */
export function nextLocalTime(from: Date, hhmm: string, timeZone: string): Date {
  const target = minutesOf(hhmm);
  const now = localTime(from, timeZone).minuteOfDay;
  const ahead = (target - now + 1440) % 1440 || 1440;
  const startOfMinute = from.getTime() - (from.getTime() % 60_000);
  let candidate = startOfMinute + ahead * 60_000;
  // At most two corrections: an offset change moves the wall clock by whole hours at most.
  for (let i = 0; i < 2; i++) {
    const shown = localTime(new Date(candidate), timeZone).minuteOfDay;
    const off = ((target - shown + 2160) % 1440) - 720;
    if (off === 0) break;
    candidate += off * 60_000;
  }
  return new Date(candidate);
}
