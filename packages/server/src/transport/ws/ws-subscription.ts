import { getTRPCErrorFromUnknown, type TRPCError } from '@trpc/server';
import type { WsConnection } from './ws-connection.js';
import { StreamAbort } from './stream-abort.js';

/**
 * One running subscription of a socket: its id, how to stop it, and the loop that pulls its
 * stream into the socket. A subscriber sits idle almost all the time, waiting inside `pump`;
 * whatever that wait keeps alive is paid once per connection, so the loop is its own small
 * function (the set-up that ran before it, with its locals, is gone by then).
 */
export class WsSubscription {
  /** Controller and signal in one (see `StreamAbort`): a subscription holds it as long as it runs. */
  readonly abort = new StreamAbort();
  iterator: AsyncIterator<unknown> | null = null;

  constructor(
    readonly conn: WsConnection,
    readonly id: string | number,
    readonly jsonrpc: '2.0' | undefined,
    readonly path: string,
  ) {}

  /**
   * Pulls events into the socket until the stream ends, the client stops it or the socket
   * closes, then answers `stopped` (or closes an expired socket). Our streams end by themselves
   * once the signal aborts, so `next()` is awaited plainly rather than raced against the signal
   * (which costs promises per event). Never rejects: it runs detached from the frame that
   * started it.
   */
  async pump(): Promise<void> {
    let isCompleted = false;
    try {
      for (;;) {
        // Backpressure: pull nothing while the socket is backed up; the stream's own queue is bounded.
        if (this.conn.isBackedUp() && !(await this.conn.drained(this.abort.signal))) break;
        const next = await this.iterator!.next();
        if (next.done) isCompleted = true;
        if (next.done || this.abort.signal.aborted) break;
        this.conn.sendEvent(this.id, this.jsonrpc, next.value);
      }
    } catch (cause) {
      let isAnswered = true;
      try {
        isAnswered = this.failed(getTRPCErrorFromUnknown(cause));
      } catch (failure) {
        this.conn.report(getTRPCErrorFromUnknown(failure), this.path);
      }
      return this.finish(false, !isAnswered);
    }
    return this.finish(isCompleted, true);
  }

  /** Ends the stream; `stopped` says whether the client is told it stopped. */
  private async finish(isCompleted: boolean, stopped: boolean): Promise<void> {
    try {
      await this.end(isCompleted);
      if (stopped) this.conn.streamEnded(this.id, this.jsonrpc);
    } catch (cause) {
      this.conn.report(getTRPCErrorFromUnknown(cause), this.path);
    }
  }

  /**
   * Answers an error of the stream (before or after it started). Returns true when the client
   * was told (the stream is over without a `stopped`), false when the stream was stopped anyway
   * and only the error hook hears of it.
   */
  failed(error: TRPCError): boolean {
    const aborted = this.abort.signal.aborted;
    if (aborted && error.code === 'INTERNAL_SERVER_ERROR' && (error.cause as { name?: string } | undefined)?.name === 'AbortError') return true;
    if (!aborted) {
      this.conn.respondError(this.id, this.jsonrpc, error, this.path, 'subscription');
      return true;
    }
    this.conn.report(error, this.path);
    return false;
  }

  /** Stops the stream (unless it completed), lets it clean up, and forgets the subscription. */
  async end(isCompleted: boolean): Promise<void> {
    if (!isCompleted && !this.abort.signal.aborted) this.abort.abort();
    if (!isCompleted) await this.iterator?.return?.().catch((cause: unknown) => this.conn.report(getTRPCErrorFromUnknown(cause), this.path));
    this.conn.removeSubscription(this);
  }
}
