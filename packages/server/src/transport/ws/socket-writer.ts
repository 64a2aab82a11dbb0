import type { WebSocket } from 'ws';

const OPEN = 1;
const TEXT = { binary: false } as const;

/** A consumer the server disconnected because its socket stayed backed up. */
export interface SlowConsumerDisconnect {
  /** Why: the buffer passed the hard cap, or stayed above the high-water mark too long. */
  reason: 'over-cap' | 'stalled';
  /** Bytes waiting in the socket's buffer when it was dropped. */
  bufferedAmount: number;
}

/** Backpressure settings of one socket. */
export interface BackpressureLimits {
  /** Hard cap on buffered outgoing bytes (`MC_WS_MAX_BUFFERED_BYTES`): past it the socket is dropped. */
  maxBufferedBytes: number;
  /** How long the buffer may stay above the high-water mark (half the cap) before the socket is dropped. */
  stallTimeoutMs: number;
}

/**
 * Writes frames to one socket and tells its streams when to pause. Streams stop pulling new
 * events while more than half the cap is buffered and resume when a write completes below that
 * mark (the write callback, not a timer). A reader that stays backed up past `stallTimeoutMs`,
 * or a buffer that passes the hard cap anyway (many subscriptions, large responses), drops the
 * socket: a close frame could not get past a full buffer, so it is terminated and the client
 * resumes on reconnect.
 *
 * A base class rather than a member: at tens of thousands of idle sockets, one object per
 * connection (with the connection's own fields) costs less than two linked ones.
 */
export abstract class SocketWriter {
  private waiters: (() => void)[] | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  /** One callback per socket, passed with every write (no closure per frame). */
  private readonly onWritten: () => void;

  constructor(
    readonly socket: WebSocket,
    protected readonly limits: BackpressureLimits,
  ) {
    // A bound method, not an arrow: a bound function carries its `this` itself, where an arrow
    // needs a context object beside it (about 50 bytes less per socket).
    this.onWritten = this.written.bind(this);
  }

  /** A frame was written: the buffer may be back under the high-water mark. */
  private written(): void {
    if (this.stallTimer && !this.isBackedUp()) {
      clearTimeout(this.stallTimer);
      this.stallTimer = null;
    }
    if (this.waiters && !this.isBackedUp()) this.wakeAll();
  }

  /** Told when the socket is dropped for being slow. */
  protected abstract onSlowConsumer(info: SlowConsumerDisconnect): void;

  get isOpen(): boolean {
    return this.socket.readyState === OPEN;
  }

  /** Sends one text frame; drops the socket if its buffer passes the cap. */
  send(frame: string | Buffer): void {
    if (!this.isOpen) return;
    this.socket.send(frame, TEXT, this.onWritten);
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) this.drop('over-cap');
  }

  /** Whether streams should stop pulling: more than half the cap is buffered. */
  isBackedUp(): boolean {
    return this.socket.bufferedAmount > this.limits.maxBufferedBytes / 2;
  }

  /**
   * Waits until the buffer is back under the high-water mark. Resolves false when the socket
   * closed (or `signal` aborted) meanwhile: the caller should stop.
   */
  async drained(signal: AbortSignal): Promise<boolean> {
    while (this.isOpen && !signal.aborted && this.isBackedUp()) {
      this.stallTimer ??= setTimeout(() => this.drop('stalled'), this.limits.stallTimeoutMs);
      await new Promise<void>((resolve) => (this.waiters ??= []).push(resolve));
    }
    return this.isOpen && !signal.aborted;
  }

  /** Releases every waiter (drained, socket closed or a subscription stopped); each checks why. */
  wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = null;
    if (waiters) for (const wake of waiters) wake();
  }

  /** The socket closed: nothing more to wait for. */
  protected writerClosed(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    this.wakeAll();
  }

  private drop(reason: SlowConsumerDisconnect['reason']): void {
    if (!this.isOpen) return;
    const bufferedAmount = this.socket.bufferedAmount;
    this.socket.terminate();
    this.writerClosed();
    this.onSlowConsumer({ reason, bufferedAmount });
  }
}
