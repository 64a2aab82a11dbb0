import { describe, expect, it } from 'vitest';
import { RecentSet } from './dedupe.js';
import { UrlRotation } from './failover.js';
import { timeOfSeq } from './seq.js';

describe('RecentSet', () => {
  it('reports duplicates and forgets the oldest past capacity', () => {
    const s = new RecentSet(3);
    expect(s.add('a')).toBe(true);
    expect(s.add('a')).toBe(false);
    s.add('b');
    s.add('c');
    s.add('d');
    expect(s.has('a')).toBe(false);
    expect(s.has('d')).toBe(true);
    expect(s.size).toBe(3);
  });

  it('lists keys from a value on (for resume checkpoints)', () => {
    const s = new RecentSet(10);
    s.add('old', 1);
    s.add('new', 5);
    expect(s.keysFrom(3)).toEqual(['new']);
  });
});

describe('UrlRotation', () => {
  it('stays on a URL that opened and moves on after one that did not', () => {
    const r = new UrlRotation(['ws://a', 'ws://b']);
    expect(r.current()).toBe('ws://a');
    r.opened();
    r.closed();
    expect(r.current()).toBe('ws://a');
    r.closed();
    expect(r.current()).toBe('ws://b');
    r.closed();
    expect(r.current()).toBe('ws://a');
  });
});

describe('timeOfSeq', () => {
  it('decodes the time of a stream position', () => {
    expect(timeOfSeq('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(1469922850259);
    expect(timeOfSeq('01ARZ3NDEKTSV4RRFFQ69G5FAV.3')).toBe(1469922850259);
    expect(timeOfSeq('nope')).toBeNaN();
  });
});
