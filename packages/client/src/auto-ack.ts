/** How the SDK acknowledges received messages (`messages.ack` with DELIVERED). */
export interface AutoAckOptions {
  /** Collect ids this long before sending them together (default 1,000 ms). */
  delayMs?: number;
  /** Send at once when this many are waiting (default 20; the server takes at most 50 calls per WebSocket frame). */
  maxBatch?: number;
}

/**
 * Batches delivery acknowledgements: ids received within `delayMs` go out together in one tick,
 * instead of one request as each message arrives.
 * Acknowledging twice is harmless: the server counts each recipient once.
 */
export class AutoAck {
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly delayMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly send: (messageId: string) => Promise<unknown>,
    opts: AutoAckOptions = {},
  ) {
    this.delayMs = opts.delayMs ?? 1_000;
    this.maxBatch = opts.maxBatch ?? 20;
  }

  /** Queues an acknowledgement for `messageId`. */
  add(messageId: string): void {
    this.pending.add(messageId);
    if (this.pending.size >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** Sends everything queued now. Failures are dropped: the server also counts deliveries itself. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ids = [...this.pending];
    this.pending = new Set();
    for (const id of ids) void this.send(id).catch(() => undefined);
  }

  /** Drops what is queued (on close). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
