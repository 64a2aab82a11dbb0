import { describe, expect, it } from 'vitest';
import { streamPositionAt } from '../../src/domain/index.js';
import { replayFloor } from '../../src/realtime/event-ids.js';
import { LateArrivals } from '../../src/realtime/late-arrivals.js';

const seqAt = (ms: number) => `${streamPositionAt(ms).slice(0, 10)}${'1'.repeat(16)}`;

describe('resume overlap: what can actually arrive late', () => {
  it('in-order arrivals need no overlap: a resume replays strictly after the cursor', () => {
    const late = new LateArrivals(() => 1_000_000);
    for (let t = 0; t < 100; t++) late.observe(seqAt(1_000_000 + t * 10));
    expect(late.overlapMs()).toBe(0);
    const cursor = seqAt(1_000_500);
    expect(replayFloor(cursor, late.overlapMs())).toBe(cursor);
  });

  it('a message arriving behind a later one widens the overlap by that distance, for ten minutes', () => {
    let now = 5_000_000;
    const late = new LateArrivals(() => now);
    late.observe(seqAt(5_000_000));
    late.observe(seqAt(4_998_800)); // stamped 1.2 s earlier (a peer whose clock runs behind), arrived after
    expect(late.overlapMs()).toBe(1_200 + 250);
    const cursor = seqAt(5_000_000);
    const floor = replayFloor(cursor, late.overlapMs());
    expect(floor < seqAt(4_998_800)).toBe(true);
    now += 10 * 60_000 + 1;
    expect(late.overlapMs()).toBe(0);
  });
});
