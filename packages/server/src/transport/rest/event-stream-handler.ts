import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppCode, hasRole } from '../../domain/index.js';
import type { Context } from '../../trpc/trpc.js';
import { writeError } from './envelope.js';

/** Tuning of the SSE stream. */
export interface EventStreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** The reconnect delay the stream asks clients for (`retry:`, default 1 s). */
  retryMs?: number;
}

const MAX_EVENT_ID = 128;
/** A stream position (the part of an event id before any `.n` suffix): 26 Crockford base-32 characters. */
const SEQ = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * `GET /api/v1/events`: the caller's `realtime.events` stream as Server-Sent Events. Each event
 * is `id: <event id>`, `event: <type>`, `data: <JSON>`; `Last-Event-ID` (header, or the
 * `lastEventId` query parameter for clients that cannot set headers) resumes after that event
 * through the same replay path as WebSocket subscribers. Writes respect backpressure: the next
 * event is pulled only after the previous one left the buffer.
 */
export async function serveEventStream(req: IncomingMessage, res: ServerResponse, ctx: Context, opts: EventStreamOptions = {}): Promise<void> {
  const principal = ctx.principal;
  if (!principal) return writeError(res, 401, AppCode.AUTH_FAILED, ctx.authError?.message ?? 'A bearer token is required');
  if (!hasRole(principal, 'user')) return writeError(res, 403, AppCode.PERMISSION_DENIED, 'This needs the user role');
  const header = req.headers['last-event-id'];
  const lastEventId = (typeof header === 'string' && header) || new URL(req.url ?? '/', 'http://localhost').searchParams.get('lastEventId') || null;
  if (lastEventId && lastEventId.length > MAX_EVENT_ID) return writeError(res, 400, AppCode.INVALID_INPUT, `Last-Event-ID must be at most ${MAX_EVENT_ID} characters`, { fieldPaths: ['lastEventId'] });

  const aborter = new AbortController();
  const stop = () => aborter.abort();
  req.once('close', stop);
  res.once('close', stop);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Tell nginx-style proxies not to buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${opts.retryMs ?? 1000}\n\n`);
  let isDraining = false;
  const heartbeat = setInterval(() => {
    // A heartbeat is pointless (and would add to the backlog) while the client is not reading.
    if (!isDraining) res.write(': ping\n\n');
  }, opts.heartbeatMs ?? 15_000);
  heartbeat.unref();

  // The resume replays a little before the cursor (for clock skew between instances) and leaves
  // the rest to client-side dedupe, which plain EventSource clients do not have: drop what the
  // client already saw, i.e. every message at or before its Last-Event-ID.
  const seenUpTo = lastEventId && SEQ.test(lastEventId.split('.')[0]!) ? lastEventId.split('.')[0]! : null;
  const stream = ctx.live.events({ principal, sessionId: randomUUID(), lastEventId, signal: aborter.signal });
  try {
    for await (const [id, event] of stream) {
      if (aborter.signal.aborted) break;
      if (seenUpTo && event.type === 'MESSAGE' && event.message.seq <= seenUpTo) continue;
      const frame = `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
      if (!res.write(frame)) {
        isDraining = true;
        await once(res, 'drain', { signal: aborter.signal });
        isDraining = false;
      }
    }
  } catch (err) {
    if (!aborter.signal.aborted) throw err;
  } finally {
    clearInterval(heartbeat);
    req.off('close', stop);
    res.off('close', stop);
    aborter.abort();
    if (!res.writableEnded) res.end();
  }
}
