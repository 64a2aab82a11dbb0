import nodemailer from 'nodemailer';
import { ChannelError } from '../domain/index.js';
import type { ChannelAdapter } from '../ports/channel.js';
import { renderHtml, renderText } from './render.js';

/** Options of the SMTP email channel. */
export interface EmailChannelOptions {
  /** `smtp://user:pass@host:587` or `smtps://…` (MC_SMTP_URL). */
  smtpUrl: string;
  /** Sender address (MC_EMAIL_FROM). */
  from: string;
  /** Budget of each SMTP stage (connect, greeting, socket idle). Default 10 s. */
  timeoutMs?: number;
}

/**
 * EMAIL over SMTP with nodemailer: subject = the message title, an HTML body (escaped) and a
 * plain-text alternative. Validates the URL now; connects per send (pooled by nodemailer).
 */
export function createEmailChannel(options: EmailChannelOptions): ChannelAdapter {
  let url: URL;
  try {
    url = new URL(options.smtpUrl);
  } catch {
    throw new Error('createEmailChannel: smtpUrl must be a URL such as smtp://user:pass@host:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error('createEmailChannel: smtpUrl must start with smtp:// or smtps://');
  if (!options.from) throw new Error('createEmailChannel: from is required (MC_EMAIL_FROM)');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const endpoint = `EMAIL:${url.host}`;

  return {
    channel: 'EMAIL',
    endpointOf: () => endpoint,
    async send(delivery, { signal }) {
      if (signal.aborted) throw new ChannelError('timed out before sending');
      const sending = transport.sendMail({
        from: options.from,
        to: delivery.address,
        subject: delivery.payload.title,
        text: renderText(delivery.payload),
        html: renderHtml(delivery.payload),
        headers: { 'X-MC-Message-Id': delivery.messageId, 'X-MC-Delivery-Id': delivery.deliveryId },
      });
      const aborted = new Promise<never>((_, reject) =>
        signal.addEventListener(
          'abort',
          () => reject(new ChannelError(`SMTP ${url.host} timed out`)),
          { once: true },
        ),
      );
      try {
        await Promise.race([sending, aborted]);
      } catch (err) {
        if (err instanceof ChannelError) throw err;
        const e = err as { responseCode?: number; message?: string };
        // 5xx replies about the recipient will not change on a retry.
        const isPermanent =
          typeof e.responseCode === 'number' &&
          e.responseCode >= 500 &&
          e.responseCode < 600 &&
          e.responseCode !== 554;
        throw new ChannelError(
          `SMTP ${url.host}: ${e.message ?? String(err)}`,
          isPermanent ? 'PERMANENT' : 'RETRY',
        );
      }
    },
    async close() {
      transport.close();
    },
  };
}
