import type { Channel, Delivery } from '../domain/index.js';

/** One attempt to deliver through an external channel. */
export interface ChannelAttempt {
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the attempt's time budget runs out; adapters pass it to every I/O call. */
  signal: AbortSignal;
}

/**
 * The channel port: one way to reach a recipient outside the app (EMAIL over SMTP, a WEBHOOK,
 * an SMS gateway). Adapters live in `channels/`. `send` resolves when the far side accepted
 * the delivery and rejects otherwise; a `ChannelError` says whether trying again can help.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  /**
   * The endpoint a delivery goes to (SMTP server, webhook origin, gateway URL): failures are
   * counted per endpoint, so one broken receiver does not stop the others.
   */
  endpointOf(delivery: Delivery): string;
  send(delivery: Delivery, attempt: ChannelAttempt): Promise<void>;
  /** Releases connections. */
  close?(): Promise<void>;
}
