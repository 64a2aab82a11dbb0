import { ChannelError } from '../domain/index.js';
import type { ChannelAdapter } from '../ports/channel.js';

/** Options of the SMS gateway channel. */
export interface SmsGatewayOptions {
  /** Gateway endpoint that takes one message per POST (MC_SMS_GATEWAY_URL). */
  url: string;
  /** Value of the Authorization header, e.g. `Bearer abc` (MC_SMS_GATEWAY_AUTH). */
  auth?: string;
  /**
   * JSON body with `{{to}}` and `{{text}}` placeholders (MC_SMS_BODY_TEMPLATE); values are
   * inserted JSON-escaped. Default `{"to":"{{to}}","text":"{{text}}"}`.
   */
  bodyTemplate?: string;
  /** Longest text sent; longer ones are cut with an ellipsis (MC_SMS_MAX_LENGTH, default 160). */
  maxLength?: number;
}

const DEFAULT_TEMPLATE = '{"to":"{{to}}","text":"{{text}}"}';

/** `title: content`, cut to `max` characters (code points, so CJK text is not split mid-character). */
export function smsText(title: string, content: string, max: number): string {
  const chars = [...`${title}: ${content}`];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * SMS through an HTTP gateway: one POST per message with a body built from a template. The
 * template is checked at start: it must be JSON once filled in.
 */
export function createSmsGatewayChannel(options: SmsGatewayOptions): ChannelAdapter {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new Error(
      'createSmsGatewayChannel: url must be an absolute http(s) URL (MC_SMS_GATEWAY_URL)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('createSmsGatewayChannel: url must be http or https');
  const template = options.bodyTemplate ?? DEFAULT_TEMPLATE;
  const fill = (to: string, text: string) =>
    template
      .replaceAll('{{to}}', JSON.stringify(to).slice(1, -1))
      .replaceAll('{{text}}', JSON.stringify(text).slice(1, -1));
  try {
    JSON.parse(fill('+1', 'x'));
  } catch {
    throw new Error(
      'createSmsGatewayChannel: bodyTemplate must be JSON with {{to}} and {{text}} inside strings (MC_SMS_BODY_TEMPLATE)',
    );
  }
  const maxLength = options.maxLength ?? 160;
  if (!Number.isInteger(maxLength) || maxLength < 10)
    throw new Error('createSmsGatewayChannel: maxLength must be an integer ≥ 10');

  return {
    channel: 'SMS',
    endpointOf: () => `SMS:${url.origin}`,
    async send(d, { signal }) {
      const body = fill(d.address, smsText(d.payload.title, d.payload.content, maxLength));
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          body,
          signal,
          redirect: 'error',
          headers: {
            'content-type': 'application/json',
            ...(options.auth ? { authorization: options.auth } : {}),
            'x-mc-delivery-id': d.deliveryId,
          },
        });
      } catch (err) {
        throw new ChannelError(
          `SMS gateway ${url.origin}: ${signal.aborted ? 'timed out' : (err as Error).message}`,
        );
      }
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok)
        throw new ChannelError(
          `SMS gateway ${url.origin} answered HTTP ${res.status}`,
          res.status >= 400 && res.status < 500 && res.status !== 429 ? 'PERMANENT' : 'RETRY',
        );
    },
  };
}
