import { describe, expect, it } from 'vitest';
import { dayOf } from './stats.js';

describe('dayOf', () => {
  it('is the UTC date of any time, across day boundaries, back and forth, and before 1970', () => {
    const day = 86_400_000;
    const times = [0, 1, day - 1, day, day + 1, -1, -day, -day - 1, Date.UTC(2026, 10, 29, 23, 59, 59, 999), Date.UTC(2026, 10, 30), Date.UTC(2024, 1, 29, 12)];
    for (let i = 0; i < 2_000; i++) times.push(Math.round((Math.random() - 0.3) * 4e12));
    // Each time twice, and in an order that keeps jumping between days, so the one-day cache is exercised.
    for (const t of [...times, ...times.reverse()]) expect(dayOf(new Date(t))).toBe(new Date(t).toISOString().slice(0, 10));
  });

  it('refuses an invalid date as toISOString does', () => {
    dayOf(new Date(0));
    expect(() => dayOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});
