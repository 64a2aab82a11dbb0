import type { Redis } from 'ioredis';

type Deliver = (payload: string) => void;

/** One Redis channel this bus listens on, shared by all local subscriptions to it. */
interface ChannelEntry {
  readonly deliveries: Set<Deliver>;
  /** Settles when Redis confirmed the SUBSCRIBE. */
  readonly subscribed: Promise<unknown>;
}

/** Local subscriptions multiplexed over one subscriber connection: one SUBSCRIBE per channel. */
export interface ChannelSubscriptions {
  subscribe(
    redisChannel: string,
    channel: string,
    handler: (payload: string) => void,
  ): Promise<() => Promise<void>>;
  /** Forgets every local subscription (the connection itself is closed by its owner). */
  clear(): void;
}

export function createChannelSubscriptions(
  subscriber: Redis,
  onHandlerError: (error: unknown, channel: string) => void,
): ChannelSubscriptions {
  const entries = new Map<string, ChannelEntry>();

  subscriber.on('message', (redisChannel: string, payload: string) => {
    const entry = entries.get(redisChannel);
    if (!entry) return;
    for (const deliver of [...entry.deliveries]) deliver(payload);
  });

  const remove = async (
    redisChannel: string,
    entry: ChannelEntry,
    deliver: Deliver,
  ): Promise<void> => {
    if (!entry.deliveries.delete(deliver)) return;
    if (entry.deliveries.size > 0 || entries.get(redisChannel) !== entry) return;
    entries.delete(redisChannel);
    // Commands on one connection run in order, so a SUBSCRIBE sent after this UNSUBSCRIBE wins.
    // If the connection is down the subscription is already gone locally, which is what the
    // caller asked for; ioredis may restore it on reconnect, and its messages are then ignored.
    await subscriber.unsubscribe(redisChannel).catch(() => undefined);
  };

  return {
    async subscribe(redisChannel, channel, handler) {
      const deliver: Deliver = (payload) => {
        try {
          handler(payload);
        } catch (error) {
          onHandlerError(error, channel);
        }
      };
      let entry = entries.get(redisChannel);
      if (!entry) {
        entry = { deliveries: new Set(), subscribed: subscriber.subscribe(redisChannel) };
        entries.set(redisChannel, entry);
      }
      entry.deliveries.add(deliver);
      const subscribedEntry = entry;
      try {
        await subscribedEntry.subscribed;
      } catch (error) {
        subscribedEntry.deliveries.delete(deliver);
        if (
          subscribedEntry.deliveries.size === 0 &&
          entries.get(redisChannel) === subscribedEntry
        ) {
          entries.delete(redisChannel);
        }
        throw error;
      }
      return () => remove(redisChannel, subscribedEntry, deliver);
    },
    clear() {
      entries.clear();
    },
  };
}
