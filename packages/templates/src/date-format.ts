/**
 * Date patterns in the style of the seed (`yyyy年MM月dd日 HH:mm`): runs of the letters below are
 * fields, `'…'` quotes literal text (`''` is a quote), everything else is copied as is.
 *
 * y year (`yy` two digits) · M month (`MMM`/`MMMM` names) · d day · H hour 0–23 · h hour 1–12 ·
 * m minute · s second · S fraction · E weekday (`EEEE` long) · a AM/PM · Z `+0800` · X `+08:00`
 */
import { offsetAt } from './time-zones.js';

type PatternPart = string | { readonly letter: string; readonly width: number };

const FIELD_LETTERS = 'yMdHhmsSEaZX';
const patterns = new Map<string, PatternPart[]>();

function parsePattern(pattern: string): PatternPart[] {
  let parts = patterns.get(pattern);
  if (parts) return parts;
  parts = [];
  let literal = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close === i + 1) literal += "'";
      else literal += pattern.slice(i + 1, close < 0 ? pattern.length : close);
      i = close < 0 ? pattern.length : close + 1;
    } else if (FIELD_LETTERS.includes(c)) {
      let width = 1;
      while (pattern[i + width] === c) width++;
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ letter: c, width });
      i += width;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) parts.push(literal);
  if (patterns.size > 256) patterns.clear();
  patterns.set(pattern, parts);
  return parts;
}

interface LocaleNames {
  readonly monthsShort: string[];
  readonly monthsLong: string[];
  readonly weekdaysShort: string[];
  readonly weekdaysLong: string[];
  readonly dayPeriods: [string, string];
}

const localeNames = new Map<string, LocaleNames>();

function namesFor(locale: string): LocaleNames {
  let names = localeNames.get(locale);
  if (names) return names;
  const format = (options: Intl.DateTimeFormatOptions, time: number): string =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(time);
  const period = (hour: number): string =>
    new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12: true, timeZone: 'UTC' })
      .formatToParts(Date.UTC(2021, 0, 1, hour))
      .find((part) => part.type === 'dayPeriod')?.value ?? (hour < 12 ? 'AM' : 'PM');
  const months = Array.from({ length: 12 }, (_, m) => Date.UTC(2021, m, 15));
  const days = Array.from({ length: 7 }, (_, d) => Date.UTC(2021, 0, 3 + d)); // 2021-01-03 is a Sunday
  names = {
    monthsShort: months.map((t) => format({ month: 'short' }, t)),
    monthsLong: months.map((t) => format({ month: 'long' }, t)),
    weekdaysShort: days.map((t) => format({ weekday: 'short' }, t)),
    weekdaysLong: days.map((t) => format({ weekday: 'long' }, t)),
    dayPeriods: [period(1), period(13)],
  };
  if (localeNames.size > 32) localeNames.clear();
  localeNames.set(locale, names);
  return names;
}

const pad = (value: number, width: number): string => {
  const text = String(Math.abs(value));
  return (value < 0 ? '-' : '') + (text.length >= width ? text : '0'.repeat(width - text.length) + text);
};

function formatOffset(offsetMs: number, withColon: boolean, minutesOptional: boolean): string {
  const total = Math.round(offsetMs / 60_000);
  const sign = total < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(total) / 60), 2);
  const minutes = pad(Math.abs(total) % 60, 2);
  if (minutesOptional && minutes === '00') return sign + hours;
  return sign + hours + (withColon ? ':' : '') + minutes;
}

/** Formats the instant `time` (epoch ms) with `pattern` as seen in `timeZone`. */
export function formatDate(time: number, pattern: string, timeZone: string, locale: string): string {
  const offset = offsetAt(timeZone, time);
  const wall = new Date(time + offset);
  let out = '';
  for (const part of parsePattern(pattern)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const { letter, width } = part;
    switch (letter) {
      case 'y': {
        const year = wall.getUTCFullYear();
        out += width === 2 ? pad(year % 100, 2) : pad(year, width);
        break;
      }
      case 'M': {
        const month = wall.getUTCMonth();
        out += width >= 4 ? namesFor(locale).monthsLong[month] : width === 3 ? namesFor(locale).monthsShort[month] : pad(month + 1, width);
        break;
      }
      case 'd': out += pad(wall.getUTCDate(), width); break;
      case 'H': out += pad(wall.getUTCHours(), width); break;
      case 'h': out += pad(wall.getUTCHours() % 12 || 12, width); break;
      case 'm': out += pad(wall.getUTCMinutes(), width); break;
      case 's': out += pad(wall.getUTCSeconds(), width); break;
      case 'S': out += pad(wall.getUTCMilliseconds(), 3).slice(0, Math.min(width, 3)).padEnd(width, '0'); break;
      case 'E': {
        const names = namesFor(locale);
        out += (width >= 4 ? names.weekdaysLong : names.weekdaysShort)[wall.getUTCDay()];
        break;
      }
      case 'a': out += namesFor(locale).dayPeriods[wall.getUTCHours() < 12 ? 0 : 1]; break;
      case 'Z': out += formatOffset(offset, width >= 5, false); break;
      default: out += offset === 0 ? 'Z' : formatOffset(offset, width >= 3, width === 1);
    }
  }
  return out;
}
