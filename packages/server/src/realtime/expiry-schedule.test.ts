import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExpirySchedule } from './expiry-schedule.js';

describe('ExpirySchedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls each item once at its time (rounded up to the slot, never early), earliest first', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const due: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => due.push(`${item}@${Date.now()}`), 100);
    schedule.add('late', 1_000_950);
    schedule.add('early', 1_000_210);
    schedule.add('same-slot', 1_000_250);
    schedule.add('past', 999_000);
    expect(schedule.size).toBe(4);
    vi.advanceTimersByTime(0);
    expect(due).toEqual(['past@1000000']);
    vi.advanceTimersByTime(299);
    expect(due).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(due).toEqual(['past@1000000', 'early@1000300', 'same-slot@1000300']);
    vi.advanceTimersByTime(10_000);
    expect(due).toEqual(['past@1000000', 'early@1000300', 'same-slot@1000300', 'late@1001000']);
    expect(schedule.size).toBe(0);
  });

  it('never calls an item deleted before its time, and keeps the others of its slot', () => {
    vi.useFakeTimers({ now: 0 });
    const due: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => due.push(item), 100);
    schedule.add('a', 500);
    schedule.add('b', 500);
    schedule.delete('a', 500);
    schedule.delete('missing', 500);
    schedule.delete('b', 900); // another slot: not there
    vi.advanceTimersByTime(1_000);
    expect(due).toEqual(['b']);
  });

  it('re-arms for an item earlier than the one the timer waits for, and reuses a slot after its items left', () => {
    vi.useFakeTimers({ now: 0 });
    const due: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => due.push(item), 100);
    schedule.add('later', 5_000);
    schedule.add('sooner', 1_000);
    vi.advanceTimersByTime(1_000);
    expect(due).toEqual(['sooner']);
    schedule.delete('later', 5_000);
    schedule.add('again', 5_000);
    vi.advanceTimersByTime(4_000);
    expect(due).toEqual(['sooner', 'again']);
  });

  it('forgets everything on close', () => {
    vi.useFakeTimers({ now: 0 });
    const due: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => due.push(item), 100);
    schedule.add('a', 100);
    schedule.close();
    vi.advanceTimersByTime(1_000);
    expect(due).toEqual([]);
    expect(schedule.size).toBe(0);
  });

  it('keeps many items in order through the heap', () => {
    vi.useFakeTimers({ now: 0 });
    const due: number[] = [];
    const schedule = new ExpirySchedule<number>((item) => due.push(item), 10);
    const times = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 200) * 10 + 10);
    for (const t of times) schedule.add(t, t);
    vi.advanceTimersByTime(3_000);
    expect(due).toEqual([...times].sort((a, b) => a - b));
  });
});
