import { describe, expect, it } from 'vitest';
import { FanOut, type FanOutTarget } from './fan-out.js';
import type { ConnectionWork } from './live-connection.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function targets(n: number, orgOf: (i: number) => string = () => 'acme') {
  const got: ConnectionWork[][] = Array.from({ length: n }, () => []);
  const list: FanOutTarget[] = got.map((log, i) => ({ orgId: orgOf(i), enqueue: (w: ConnectionWork) => void log.push(w) }));
  return { got, list };
}

describe('FanOut', () => {
  it('hands a large fan-out over in slices, one per turn of the event loop, first slice at once', async () => {
    const { got, list } = targets(10);
    const work: ConnectionWork = { kind: 'unread-count' };
    new FanOut(4).deliver(list, work);
    expect(got.map((l) => l.length)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    await turn();
    expect(got.map((l) => l.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    await turn();
    expect(got.every((l) => l.length === 1 && l[0] === work)).toBe(true);
  });

  it('keeps the order per connection: later deliveries wait behind a fan-out in progress', async () => {
    const { got, list } = targets(6);
    const fanOut = new FanOut(2);
    const first: ConnectionWork = { kind: 'resync' };
    const second: ConnectionWork = { kind: 'unread-count' };
    fanOut.deliver(list, first);
    fanOut.deliver([list[5]!], second);
    expect(got[5]).toEqual([]);
    while (got.some((l) => l.length < 1) || got[5]!.length < 2) await turn();
    expect(got[5]).toEqual([first, second]);
  });

  it('skips connections of other orgs when scoped to one', () => {
    const { got, list } = targets(4, (i) => (i % 2 ? 'other' : 'acme'));
    new FanOut(10).deliver(list, { kind: 'resync' }, 'acme');
    expect(got.map((l) => l.length)).toEqual([1, 0, 1, 0]);
  });

  it('drops what is queued on close', async () => {
    const { got, list } = targets(4);
    const fanOut = new FanOut(1);
    fanOut.deliver(list, { kind: 'resync' });
    fanOut.close();
    await turn();
    await turn();
    expect(got.map((l) => l.length)).toEqual([1, 0, 0, 0]);
  });
});
