import type { WebhookPayload } from './webhook-events';
import { signWebhook, webhookHeaders } from './webhook-signature';

export type SendResult = Readonly<{ ok: boolean; status: number | null; error: string | null }>;

/**
 * One POST of a payload to a receiver, signed with the webhook's secret over the timestamp and the
 * body. Only a 2xx counts as delivered; redirects are not followed (a receiver that moved is
 * registered again). A receiver that does not answer within `timeoutMs` fails the attempt.
 */
export const sendWebhook = async (url: string, secret: string, payload: WebhookPayload, timeoutMs: number): Promise<SendResult> => {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'depledger-webhooks/0.1.0',
        [webhookHeaders.eventId]: payload.id,
        'idempotency-key': payload.id,
        [webhookHeaders.timestamp]: String(timestamp),
        [webhookHeaders.signature]: signWebhook(secret, timestamp, body),
      },
      body,
    });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300
      ? { ok: true, status: response.status, error: null }
      : { ok: false, status: response.status, error: `the receiver answered ${response.status}` };
  } catch (error) {
    const reason =
      (error as { name?: string }).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the receiver could not be reached';
    return { ok: false, status: null, error: reason };
  }
};
