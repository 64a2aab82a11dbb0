import { describe, expect, it } from 'vitest';
import { jitteredBackoff } from './backoff.js';

describe('jitteredBackoff', () => {
  it('grows the ceiling exponentially up to maxMs', () => {
    const top = () => 0.999999;
    expect(jitteredBackoff(0, { baseMs: 100, maxMs: 5000 }, top)).toBe(99);
    expect(jitteredBackoff(3, { baseMs: 100, maxMs: 5000 }, top)).toBe(799);
    expect(jitteredBackoff(20, { baseMs: 100, maxMs: 5000 }, top)).toBe(4999);
    expect(jitteredBackoff(5000, { baseMs: 100, maxMs: 5000 }, top)).toBe(4999);
  });

  it('spreads clients over the whole window (full jitter), never below 0', () => {
    const delays = Array.from({ length: 2000 }, () => jitteredBackoff(4, { baseMs: 100, maxMs: 30_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(1600);
    // A stampede would put every client in the same spot; full jitter fills the window.
    expect(new Set(delays.map((d) => Math.floor(d / 160))).size).toBe(10);
  });
});
