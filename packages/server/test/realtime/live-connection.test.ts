import { describe, expect, it } from 'vitest';
import { streamPositionAt } from '../../src/domain/index.js';
import { LiveConnection, type ConnectionWork } from '../../src/realtime/live-connection.js';
import { StreamAbort } from '../../src/transport/ws/stream-abort.js';

const T0 = Date.parse('2026-03-02T08:00:00Z');
/** A seq made `ms` after T0 (distinct suffix per call). */
let n = 0;
const seqAt = (ms: number) => streamPositionAt(T0 + ms).slice(0, 10) + String(++n).padStart(16, '0');

describe('LiveConnection remembered ids', () => {
  it('keeps ids within rememberMs of the cursor and forgets older ones as it moves on', () => {
    const conn = new LiveConnection({ userId: 'u1', orgId: 'acme', roles: ['user'] }, { orgId: 'acme', userId: 'u1', inboxKey: 'acme:u1', audiences: [] }, 's1', streamPositionAt(T0), 1_000);
    for (let i = 0; i < 10; i++) conn.recordDelivery(`m${i}`, seqAt(i * 100)); // 0..900 ms
    expect(conn.hasDelivered('m0')).toBe(true);
    conn.recordDelivery('m10', seqAt(1_050)); // floor 50 ms: m0 goes, m1 (100 ms) stays
    expect(conn.hasDelivered('m0')).toBe(false);
    expect(conn.hasDelivered('m1')).toBe(true);
    conn.recordDelivery('m11', seqAt(1_099)); // floor 99 ms: nothing more to forget
    expect(conn.hasDelivered('m1')).toBe(true);
    conn.recordDelivery('m12', seqAt(1_650)); // floor 650 ms: m1..m6 go
    expect(['m1', 'm6', 'm7', 'm12'].map((id) => conn.hasDelivered(id))).toEqual([false, false, true, true]);
    conn.recordDelivery('m13', seqAt(5_000));
    expect(['m7', 'm12', 'm13'].map((id) => conn.hasDelivered(id))).toEqual([false, false, true]);
  });
});

describe('LiveConnection queue', () => {
  const make = () => new LiveConnection({ userId: 'u1', orgId: 'acme', roles: ['user'] }, { orgId: 'acme', userId: 'u1', inboxKey: 'acme:u1', audiences: [] }, 's1', streamPositionAt(T0), 1_000);

  it('hands queued work over at once, in order, and coalesces unread-count refreshes', () => {
    const conn = make();
    const signal = new AbortController().signal;
    conn.enqueue({ kind: 'unread-count' });
    conn.enqueue({ kind: 'resync' });
    conn.enqueue({ kind: 'unread-count' });
    expect(conn.queuedCount).toBe(2);
    expect(conn.next(signal)).toEqual({ kind: 'unread-count' });
    conn.enqueue({ kind: 'unread-count' });
    expect(conn.next(signal)).toEqual({ kind: 'resync' });
    expect(conn.next(signal)).toEqual({ kind: 'unread-count' });
  });

  it('resolves a waiting next() with the next work item, and with null once the signal aborts', async () => {
    const conn = make();
    const controller = new AbortController();
    const waiting = conn.next(controller.signal);
    expect(waiting).toBeInstanceOf(Promise);
    conn.enqueue({ kind: 'expired' });
    await expect(waiting).resolves.toEqual({ kind: 'expired' });
    const aborted = conn.next(controller.signal);
    controller.abort();
    await expect(aborted).resolves.toBeNull();
    conn.enqueue({ kind: 'resync' });
    expect(conn.next(controller.signal)).toBeNull();
  });

  it('poll() tells a waiter of the next work item exactly once, and of null once the signal aborts (platform signal and StreamAbort)', () => {
    for (const abort of [new AbortController(), new StreamAbort()]) {
      const conn = make();
      const told: (ConnectionWork | null)[] = [];
      const waiter = { workReady: (work: ConnectionWork | null) => told.push(work) };
      expect(conn.poll(abort.signal, waiter)).toBeUndefined();
      conn.enqueue({ kind: 'resync' });
      conn.enqueue({ kind: 'expired' });
      expect(told).toEqual([{ kind: 'resync' }]);
      expect(conn.poll(abort.signal, waiter)).toEqual({ kind: 'expired' });
      expect(conn.poll(abort.signal, waiter)).toBeUndefined();
      abort.abort();
      expect(told).toEqual([{ kind: 'resync' }, null]);
      expect(conn.poll(abort.signal, waiter)).toBeNull();
      expect(told).toHaveLength(2);
    }
  });
});
