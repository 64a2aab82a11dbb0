import { once, EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamAbort } from '../../src/transport/ws/stream-abort.js';

/** The subscription signal against the Node APIs stream code hands a signal to. */
describe('StreamAbort', () => {
  let silent: Server;
  let port = 0;
  const accepted = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers: only an abort ends a request to it.
    silent = createServer((socket) => {
      accepted.add(socket);
      socket.once('close', () => accepted.delete(socket));
    }).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    // The client side may keep an aborted request's socket for reuse; close waits for every socket.
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('aborts once with an AbortError, calling onabort and each listener once, in order', () => {
    const a = new StreamAbort();
    const calls: string[] = [];
    const twice = () => calls.push('listener');
    a.signal.onabort = () => calls.push('onabort');
    a.signal.addEventListener('abort', twice);
    a.signal.addEventListener('abort', twice);
    a.signal.addEventListener('abort', () => calls.push('second'), { once: true });
    const removed = () => calls.push('removed');
    a.signal.addEventListener('abort', removed);
    a.signal.removeEventListener('abort', removed);
    expect(() => a.signal.throwIfAborted()).not.toThrow();
    a.abort();
    a.abort();
    expect(calls).toEqual(['onabort', 'listener', 'second']);
    expect(a.signal.aborted).toBe(true);
    expect((a.signal.reason as Error).name).toBe('AbortError');
    expect(() => a.signal.throwIfAborted()).toThrow(/aborted/);
  });

  it('ends timers/promises delays, events.once and fetch, like a platform signal', async () => {
    const a = new StreamAbort();
    const waits = [
      delay(60_000, undefined, { signal: a.signal }),
      once(new EventEmitter(), 'never', { signal: a.signal }),
      fetch(`http://127.0.0.1:${port}/`, { signal: a.signal }),
    ];
    setTimeout(() => a.abort(), 20);
    const settled = await Promise.allSettled(waits);
    for (const s of settled) expect(s.status === 'rejected' && (s.reason as Error).name).toBe('AbortError');
  });

  it('is refused loudly by AbortSignal.any, which would otherwise never see it abort', () => {
    expect(() => AbortSignal.any([new StreamAbort().signal])).toThrow(TypeError);
  });
});
