import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers every delivery carries. */
export const webhookHeaders = {
  /** The event's id: the same on every attempt and redelivery — the receiver's idempotency key. */
  eventId: 'depledger-event-id',
  /** Unix seconds when this attempt was signed. */
  timestamp: 'depledger-timestamp',
  /** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret>`. */
  signature: 'depledger-signature',
} as const;

/** How old a signed timestamp a receiver should accept, in seconds (replay protection). */
export const signatureToleranceSeconds = 300;

export const signWebhook = (secret: string, timestamp: number, body: string): string =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * What a receiver written in Node checks: the signature over the timestamp and the raw body, and a
 * timestamp within the tolerance of its clock, so a captured delivery cannot be replayed later.
 */
export const verifyWebhook = (
  secret: string,
  headers: Readonly<{ timestamp: string | undefined; signature: string | undefined }>,
  body: string,
  now: Date = new Date(),
): boolean => {
  const timestamp = Number(headers.timestamp);
  if (!Number.isSafeInteger(timestamp) || headers.signature === undefined) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > signatureToleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};
