import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed webhook request. */
export const WEBHOOK_HEADERS = {
  timestamp: 'x-mc-timestamp',
  signature: 'x-mc-signature',
  deliveryId: 'x-mc-delivery-id',
  attempt: 'x-mc-attempt',
} as const;

/** Receivers should refuse requests whose timestamp is further than this from their clock. */
export const WEBHOOK_REPLAY_WINDOW_SECONDS = 300;

/** `v1=` + hex HMAC-SHA256 of `timestamp + '.' + body` with the rule's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks a received webhook: the signature over the raw body and the timestamp within the
 * replay window. The same check as the README's snippet, for receivers written with this package.
 */
export function verifyWebhook(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(timestampHeader);
  if (
    !Number.isInteger(timestamp) ||
    Math.abs(nowSeconds - timestamp) > WEBHOOK_REPLAY_WINDOW_SECONDS
  )
    return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(signatureHeader ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
