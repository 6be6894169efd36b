import { Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isDepledgerError } from '@depledger/core';
import type { WebhookPayload } from './webhook-events';
import { signWebhook, webhookHeaders } from './webhook-signature';
import type { WebhookTargetPolicy } from './webhook-targets';

export type SendResult = Readonly<{ ok: boolean; status: number | null; error: string | null }>;

export type WebhookSender = Readonly<{
  /**
   * One POST of a payload to a receiver, signed with the webhook's secret over the timestamp and
   * the body. Only a 2xx counts as delivered; redirects are not followed (a receiver that moved is
   * registered again). A receiver that does not answer within `timeoutMs` fails the attempt, and
   * so does one whose address the target policy refuses (checked as the connection is made).
   */
  send(url: string, secret: string, payload: WebhookPayload): Promise<SendResult>;
  /** Closes the connections kept alive between deliveries. */
  close(): void;
}>;

export const createWebhookSender = (targets: WebhookTargetPolicy, timeoutMs: number): WebhookSender => {
  // connections are kept between deliveries; each new one goes through the policy's lookup
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  const post = (url: URL, headers: Record<string, string>, body: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const options: RequestOptions = {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: secure ? agents.https : agents.http,
        lookup: targets.lookup,
        signal: AbortSignal.timeout(timeoutMs),
      };
      const request = (secure ? httpsRequest : httpRequest)(url, options, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });

  return {
    send: async (url, secret, payload) => {
      const body = JSON.stringify(payload);
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const target = new URL(url);
        targets.checkAddressHost(target.hostname);
        const status = await post(
          target,
          {
            'content-type': 'application/json',
            'user-agent': 'depledger-webhooks/0.1.0',
            [webhookHeaders.eventId]: payload.id,
            'idempotency-key': payload.id,
            [webhookHeaders.timestamp]: String(timestamp),
            [webhookHeaders.signature]: signWebhook(secret, timestamp, body),
          },
          body,
        );
        return status >= 200 && status < 300
          ? { ok: true, status, error: null }
          : { ok: false, status, error: `the receiver answered ${status}` };
      } catch (error) {
        return { ok: false, status: null, error: reasonOf(error, timeoutMs) };
      }
    },
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
};

/** Why an attempt failed, in words that name no secret. */
const reasonOf = (error: unknown, timeoutMs: number): string => {
  if (isDepledgerError(error, 'WEBHOOK_TARGET_REFUSED'))
    return `the receiver's address is not allowed (${String(error.details['range'])}): the operator may allow it with --webhook-allow`;
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return 'the receiver could not be reached';
};
