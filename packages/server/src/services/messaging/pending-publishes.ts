import { toMessage, type StoredMessage } from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';

/** Past this many unpublished messages, the oldest are forgotten (their readers get them on reconnect). */
const MAX_PENDING = 10_000;

/**
 * Messages this instance stored but could not publish because the bus was down. Each instance
 * resynchronises its own connections from the store when its bus reconnects, but another
 * instance may have reconnected (and resynchronised) before this one stored the message; without
 * a second publish its connections would miss it until they reconnect. So these are published
 * again once this instance's bus is back. Receivers drop a message they already delivered.
 */
export class PendingPublishes {
  private readonly pending = new Map<string, StoredMessage>();
  private isFlushing = false;
  private isWatching = false;

  constructor(private readonly deps: ServiceDeps) {}

  /** Remembers a message whose publish failed, to publish it again when the bus reconnects. */
  add(message: StoredMessage): void {
    if (!this.isWatching) {
      // Subscribed on the first failure only: most instances never see one.
      this.isWatching = true;
      this.deps.bus.onConnectionChange((isConnected) => {
        if (isConnected) void this.flush();
      });
    }
    this.pending.delete(message.messageId);
    this.pending.set(message.messageId, message);
    if (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
      this.deps.logger.warn({ messageId: oldest }, 'too many unpublished messages; the oldest reaches live readers on their next reconnect');
    }
    // The publish may have failed just as the bus came back, after its reconnect was announced.
    if (this.deps.bus.isReady()) setTimeout(() => void this.flush(), 100).unref();
  }

  private async flush(): Promise<void> {
    if (this.isFlushing) return;
    this.isFlushing = true;
    try {
      for (const [messageId, message] of this.pending) {
        await this.deps.events.messageVisible(toMessage(message), message.audience, message.seq);
        this.pending.delete(messageId);
      }
    } catch (err) {
      this.deps.logger.warn({ err, left: this.pending.size }, 'republishing after a bus outage failed; will retry on the next reconnect');
    } finally {
      this.isFlushing = false;
    }
  }
}
