import { describe, expect, it } from 'vitest';
import { toInstant } from './date-parse.js';
import { formatDate } from './date-format.js';
import { offsetAt } from './time-zones.js';

const at = Date.UTC(2024, 2, 15, 18, 5, 9, 45); // 2024-03-15T18:05:09.045Z

describe('date patterns', () => {
  it.each([
    ['yyyy年MM月dd日 HH:mm', 'Asia/Shanghai', '2024年03月16日 02:05'],
    ['MM月dd日', 'Asia/Shanghai', '03月16日'],
    ['yyyy-MM-dd', 'Asia/Shanghai', '2024-03-16'],
    ['yyyy-MM-dd', 'UTC', '2024-03-15'],
    ['yy/M/d H:m:s.SSS', 'UTC', '24/3/15 18:5:9.045'],
    ['hh:mm a', 'UTC', '06:05 下午'],
    ['EEEE E', 'Asia/Shanghai', '星期六 周六'],
    ["yyyy-MM-dd'T'HH:mm:ssXXX", 'Asia/Kolkata', '2024-03-15T23:35:09+05:30'],
    ['HH:mm Z X', 'America/New_York', '14:05 -0400 -04'],
    ["HH:mm XXX", 'UTC', '18:05 Z'],
    ["'quoted yyyy' '' yyyy", 'UTC', "quoted yyyy ' 2024"],
    ['MMM MMMM', 'UTC', '3月 三月'],
  ])('%s in %s', (pattern, zone, expected) => {
    expect(formatDate(at, pattern, zone, 'zh-CN')).toBe(expected);
  });

  it('uses the locale for names', () => {
    expect(formatDate(at, 'EEEE, MMMM d, h a', 'UTC', 'en-US')).toBe('Friday, March 15, 6 PM');
  });

  it('follows daylight-saving changes', () => {
    // US clocks went forward at 2024-03-10 07:00Z and back at 2024-11-03 06:00Z.
    expect(formatDate(Date.UTC(2024, 2, 10, 6, 59), 'HH:mm', 'America/New_York', 'en-US')).toBe('01:59');
    expect(formatDate(Date.UTC(2024, 2, 10, 7, 0), 'HH:mm', 'America/New_York', 'en-US')).toBe('03:00');
    expect(formatDate(Date.UTC(2024, 10, 3, 5, 30), 'HH:mm Z', 'America/New_York', 'en-US')).toBe('01:30 -0400');
    expect(formatDate(Date.UTC(2024, 10, 3, 6, 30), 'HH:mm Z', 'America/New_York', 'en-US')).toBe('01:30 -0500');
  });

  it('handles zones with a transition inside the cached hour', () => {
    // Lord Howe Island shifts by 30 minutes at 02:00 local (2024-04-06T15:00Z).
    expect(offsetAt('Australia/Lord_Howe', Date.UTC(2024, 3, 6, 14, 59))).toBe(11 * 3_600_000);
    expect(offsetAt('Australia/Lord_Howe', Date.UTC(2024, 3, 6, 15, 1))).toBe(10.5 * 3_600_000);
  });
});

describe('reading dates', () => {
  it('reads ISO text with offsets as instants', () => {
    expect(toInstant('2024-03-15T18:05:09.045Z', 'Asia/Shanghai')).toBe(at);
    expect(toInstant('2024-03-16T02:05:09.045+08:00', 'UTC')).toBe(at);
    expect(toInstant('2024-03-16T02:05:09.045+0800', 'UTC')).toBe(at);
  });

  it('reads text without an offset as a wall time in the zone', () => {
    expect(toInstant('2024-03-16 02:05:09.045', 'Asia/Shanghai')).toBe(at);
    expect(toInstant('2024-03-16', 'Asia/Shanghai')).toBe(Date.UTC(2024, 2, 15, 16));
    expect(toInstant('2024-07-01T12:00', 'America/New_York')).toBe(Date.UTC(2024, 6, 1, 16));
  });

  it('reads Dates and epoch milliseconds', () => {
    expect(toInstant(new Date(at), 'UTC')).toBe(at);
    expect(toInstant(at, 'UTC')).toBe(at);
  });

  it('refuses what is not a date', () => {
    for (const bad of ['tomorrow', '2024-02-30', '2024-13-01', '2024-03-15T25:00', '15/03/2024', new Date(Number.NaN), Number.POSITIVE_INFINITY, 9e15, {}, null, true]) {
      expect(toInstant(bad, 'UTC')).toBeUndefined();
    }
  });
});
