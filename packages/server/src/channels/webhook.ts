import { ChannelError, type Delivery } from '../domain/index.js';
import type { ChannelAdapter } from '../ports/channel.js';
import { WEBHOOK_HEADERS, signWebhook } from './webhook-signature.js';

/** Options of the webhook channel. */
export interface WebhookChannelOptions {
  /** Clock for the signature timestamp (tests may substitute one). */
  now?: () => Date;
}

/** The JSON a webhook receives. */
export function webhookBody(d: Delivery): string {
  return JSON.stringify({ type: 'message', deliveryId: d.deliveryId, message: d.payload });
}

/**
 * WEBHOOK: a JSON POST to the rule's URL, signed with HMAC-SHA256 over `timestamp + '.' + body`
 * (headers `X-MC-Timestamp`, `X-MC-Signature: v1=<hex>`), with the delivery id and attempt for
 * deduplication. Any 2xx is success; 4xx other than 408/429 will not change on a retry.
 */
export function createWebhookChannel(options: WebhookChannelOptions = {}): ChannelAdapter {
  const now = options.now ?? (() => new Date());
  return {
    channel: 'WEBHOOK',
    endpointOf: (d) => `WEBHOOK:${new URL(d.address).origin}`,
    async send(d, { attempt, signal }) {
      if (!d.secret) throw new ChannelError('webhook delivery has no signing secret', 'PERMANENT');
      const body = webhookBody(d);
      const timestamp = Math.floor(now().getTime() / 1000);
      let res: Response;
      try {
        res = await fetch(d.address, {
          method: 'POST',
          body,
          signal,
          redirect: 'error',
          headers: {
            'content-type': 'application/json',
            [WEBHOOK_HEADERS.timestamp]: String(timestamp),
            [WEBHOOK_HEADERS.signature]: signWebhook(d.secret, timestamp, body),
            [WEBHOOK_HEADERS.deliveryId]: d.deliveryId,
            [WEBHOOK_HEADERS.attempt]: String(attempt),
          },
        });
      } catch (err) {
        const reason = signal.aborted ? 'timed out' : (err as Error).message;
        throw new ChannelError(`POST ${new URL(d.address).origin}: ${reason}`);
      }
      // The answer is not used; read it (bounded by the timeout) so the connection is reused.
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return;
      const isPermanent =
        res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new ChannelError(
        `POST ${new URL(d.address).origin} answered HTTP ${res.status}`,
        isPermanent ? 'PERMANENT' : 'RETRY',
      );
    },
  };
}
