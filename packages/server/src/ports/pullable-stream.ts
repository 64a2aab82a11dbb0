/** Where a `PullableStream` hands its next step. */
export interface StepSink<T> {
  /** The next value, or the end of the stream. */
  step(result: IteratorResult<T, unknown>): void;
  /** The stream failed (it has ended already). */
  fail(cause: unknown): void;
}

/**
 * An async iterator that can also hand its next step straight to a sink. A consumer that waits
 * for its next event nearly all its life (a WebSocket subscriber) then keeps no promise, no
 * reaction and no callback closures per wait; other consumers use `next()` as usual. The two
 * ways of pulling may not overlap: one step is asked for at a time.
 */
export interface PullableStream<T> extends AsyncIterator<T> {
  /**
   * The next step at once when it is ready, else undefined: then `sink` is told exactly once
   * (`step` or `fail`), possibly later. Never throws.
   */
  pullInto(sink: StepSink<T>): IteratorResult<T, unknown> | undefined;
}

