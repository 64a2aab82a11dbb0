import { getTRPCErrorFromUnknown, type TRPCError } from '@trpc/server';
import type { WsConnection } from './ws-connection.js';
import { StreamAbort } from './stream-abort.js';
import type { PullableStream, StepSink } from '../../ports/pullable-stream.js';

/**
 * One running subscription of a socket: its id, how to stop it, and the loop that pulls its
 * stream into the socket. A subscriber sits idle almost all the time, waiting inside `pump`;
 * whatever that wait keeps alive is paid once per connection, so the loop is its own small
 * function (the set-up that ran before it, with its locals, is gone by then).
 */
export class WsSubscription implements StepSink<unknown> {
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
   * The pull loop's promise callbacks, made once per subscription, and only for a stream that
   * cannot hand its steps to this subscription directly (see `PullableStream`).
   */
  private onNext: ((next: IteratorResult<unknown>) => void) | null = null;
  private onFailure: ((cause: unknown) => void) | null = null;

  /**
   * Pulls events into the socket until the stream ends, the client stops it or the socket
   * closes, then answers `stopped` (or closes an expired socket). Our streams end by themselves
   * once the signal aborts, so `next()` is awaited plainly rather than raced against the signal
   * (which costs promises per event). Never rejects: it runs detached from the frame that
   * started it.
   *
   * A loop of callbacks rather than an async function: an idle subscriber waits here all its
   * life, and a suspended async function keeps its frame, its promise and the await's reactions
   * per connection. A stream that can hand its steps to this subscription (`PullableStream`,
   * like `realtime.events`) keeps only a reference to it while it waits; any other stream is
   * pulled with `next()`, which keeps one promise reaction and two callbacks per subscription.
   */
  pump(): void {
    this.pull();
  }

  private pull(): void {
    // Backpressure: pull nothing while the socket is backed up; the stream's own queue is bounded.
    if (this.conn.isBackedUp()) {
      this.conn.drained(this.abort.signal).then(
        (isDrained) => (isDrained ? this.pullNow() : this.done(false)),
        (cause: unknown) => this.failedWhilePulling(cause),
      );
      return;
    }
    this.pullNow();
  }

  private pullNow(): void {
    const iterator = this.iterator!;
    if (isPullable(iterator)) {
      // Steps that are ready at once are taken in this loop, not by recursion (a backlog of
      // thousands of queued events must not grow the stack).
      for (;;) {
        const next = iterator.pullInto(this);
        if (next === undefined || !this.sent(next)) return;
        if (this.conn.isBackedUp()) return this.pull();
      }
    }
    let next: Promise<IteratorResult<unknown>>;
    try {
      next = iterator.next();
    } catch (cause) {
      return this.failedWhilePulling(cause);
    }
    this.onNext ??= (result) => this.step(result);
    this.onFailure ??= (cause) => this.fail(cause);
    next.then(this.onNext, this.onFailure);
  }

  /** The stream's next step (see `StepSink`): sent, then the next one is pulled. */
  step(next: IteratorResult<unknown, unknown>): void {
    if (this.sent(next)) this.pull();
  }

  /** The stream failed while being pulled (see `StepSink`). */
  fail(cause: unknown): void {
    this.failedWhilePulling(cause);
  }

  /** Sends one step; false when the loop is over (the stream ended, was stopped or failed). */
  private sent(next: IteratorResult<unknown, unknown>): boolean {
    if (next.done) {
      this.done(true);
      return false;
    }
    if (this.abort.signal.aborted) {
      this.done(false);
      return false;
    }
    try {
      this.conn.sendEvent(this.id, this.jsonrpc, next.value);
    } catch (cause) {
      this.failedWhilePulling(cause);
      return false;
    }
    return true;
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

function isPullable(iterator: AsyncIterator<unknown>): iterator is PullableStream<unknown> {
  return typeof (iterator as Partial<PullableStream<unknown>>).pullInto === 'function';
}
