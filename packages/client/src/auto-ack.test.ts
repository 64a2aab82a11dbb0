import { describe, expect, it } from 'vitest';
import { AutoAck } from './auto-ack.js';

describe('AutoAck', () => {
  it('sends the ids received within the delay together, each once', async () => {
    const sent: string[][] = [];
    let tick: string[] = [];
    const ack = new AutoAck(
      async (id) => {
        if (!tick.length) queueMicrotask(() => (sent.push(tick), (tick = [])));
        tick.push(id);
      },
      { delayMs: 30 },
    );
    for (const id of ['a', 'b', 'a', 'c']) ack.add(id);
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(sent).toEqual([['a', 'b', 'c']]);
  });

  it('sends at once at the batch size and drops what is queued on stop', async () => {
    const sent: string[] = [];
    const ack = new AutoAck(async (id) => void sent.push(id), { delayMs: 10_000, maxBatch: 2 });
    ack.add('a');
    ack.add('b');
    expect(sent).toEqual(['a', 'b']);
    ack.add('c');
    ack.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual(['a', 'b']);
  });

  it('swallows a failed send (the server counts deliveries it wrote itself)', async () => {
    const ack = new AutoAck(() => Promise.reject(new Error('socket closed')), { delayMs: 1 });
    ack.add('a');
    ack.flush();
    await new Promise((r) => setTimeout(r, 5));
  });
});
