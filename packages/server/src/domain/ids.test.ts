import { describe, expect, it } from 'vitest';
import { newMessageId, newTimeOrderedId, orgUserKey, streamPositionAt, timeOfStreamPosition } from './ids.js';

const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

describe('newTimeOrderedId', () => {
  it('is a ULID whose order is creation order, also within one millisecond', () => {
    const at = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 5_000 }, (_, i) => newTimeOrderedId(at + Math.floor(i / 1_000)));
    for (const id of ids) expect(id).toMatch(ULID);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]! >= streamPositionAt(at)).toBe(true);
    expect(ids.at(-1)! < streamPositionAt(at + 5)).toBe(true);
  });

  it('draws every symbol of the random part, across many pool refills', () => {
    const start = Date.UTC(2027, 0, 1);
    const seen = new Set<string>();
    const firstSymbols = new Map<string, number>();
    // A new millisecond each time, so every id takes fresh randomness (no monotonic increment).
    for (let i = 0; i < 20_000; i++) {
      const random = newTimeOrderedId(start + i).slice(10);
      for (const c of random) seen.add(c);
      firstSymbols.set(random[0]!, (firstSymbols.get(random[0]!) ?? 0) + 1);
    }
    expect(seen.size).toBe(32);
    // 20,000 draws over 32 symbols: each expects 625; a skewed source would leave some far off.
    for (const count of firstSymbols.values()) expect(count).toBeGreaterThan(400);
  });

  it('prefixes message ids', () => {
    expect(newMessageId()).toMatch(/^msg_[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
  });
});

describe('stream positions and time', () => {
  it('round-trips a time through its stream position, clamped at the epoch', () => {
    const at = Date.UTC(2030, 0, 2, 3, 4, 5, 678);
    expect(timeOfStreamPosition(streamPositionAt(at))).toBe(at);
    expect(timeOfStreamPosition(newTimeOrderedId(at))).toBe(at);
    expect(streamPositionAt(-5)).toBe('0'.repeat(26));
  });
});

describe('orgUserKey', () => {
  it('keeps every (org, user) pair apart, whatever characters the ids hold', () => {
    const pairs: [string, string][] = [['a', 'b:c'], ['a:b', 'c'], ['a\u0000b', 'c'], ['a', 'b\u0000c'], ['', 'ab'], ['ab', '']];
    const keys = pairs.map(([o, u]) => orgUserKey(o, u));
    expect(new Set(keys).size).toBe(pairs.length);
    expect(orgUserKey('acme', 'ann')).toBe(orgUserKey('acme', 'ann'));
  });
});
