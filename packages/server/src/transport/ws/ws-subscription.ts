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
  ) {
    // Made here, not as class-field arrows (those are named at run time, which puts each
    // function object in dictionary mode: more bytes per subscriber).
    this.onNext = (next) => this.received(next);
    this.onFailure = (cause) => this.failedWhilePulling(cause);
  }

  /** The pull loop's callbacks, made once per subscription. */
  private readonly onNext: (next: IteratorResult<unknown>) => void;
  private readonly onFailure: (cause: unknown) => void;

  /**
   * Pulls events into the socket until the stream ends, the client stops it or the socket
   * closes, then answers `stopped` (or closes an expired socket). Our streams end by themselves
   * once the signal aborts, so `next()` is awaited plainly rather than raced against the signal
   * (which costs promises per event). Never rejects: it runs detached from the frame that
   * started it.
   *
   * A loop of promise callbacks rather than an async function: an idle subscriber waits here
   * all its life, and a suspended async function keeps its frame, its promise and the await's
   * reactions per connection, where a pending `then` keeps one reaction and the two callbacks
   * made once per subscription.
   */
  pump(): void {
    this.pull();
  }

  private pull(): void {
    // Backpressure: pull nothing while the socket is backed up; the stream's own queue is bounded.
    if (this.conn.isBackedUp()) {
      this.conn.drained(this.abort.signal).then((isDrained) => (isDrained ? this.pullNow() : this.done(false)), this.onFailure);
      return;
    }
    this.pullNow();
  }

  private pullNow(): void {
    let next: Promise<IteratorResult<unknown>>;
    try {
      next = this.iterator!.next();
    } catch (cause) {
      return this.failedWhilePulling(cause);
    }
    next.then(this.onNext, this.onFailure);
  }

  private received(next: IteratorResult<unknown>): void {
    if (next.done) return this.done(true);
    if (this.abort.signal.aborted) return this.done(false);
    try {
      this.conn.sendEvent(this.id, this.jsonrpc, next.value);
    } catch (cause) {
      return this.failedWhilePulling(cause);
    }
    this.pull();
  }

  /** The loop ended without an error: the client hears `stopped`. */
  private done(isCompleted: boolean): void {
    void this.finish(isCompleted, true);
  }

  private failedWhilePulling(cause: unknown): void {
    let isAnswered = true;
    try {
      isAnswered = this.failed(getTRPCErrorFromUnknown(cause));
    } catch (failure) {
      this.conn.report(getTRPCErrorFromUnknown(failure), this.path);
    }
    void this.finish(false, !isAnswered);
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
