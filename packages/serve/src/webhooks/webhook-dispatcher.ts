import {
  DepledgerError,
  depledgerSerde,
  type ConsumedEvent,
  type Consumer,
  type ConsumerCheckpointStore,
  type Depledger,
  type RetryBackoff,
  type StoredEvent,
} from '@depledger/core';
import { RequestError } from '../http/api-error';
import { readDeliveryLog, recordAttempt, type DeliveryAttempt } from './delivery-log';
import { sourcesOf, webhookPayload } from './webhook-events';
import type { Webhook, WebhookRegistry } from './webhook-registry';
import { sendWebhook } from './webhook-sender';

export type WebhookDeliveryOptions = Readonly<{
  /** Attempts before an event is set aside as a dead letter (redeliverable on request). @defaultValue 8 */
  maxAttempts?: number;
  /** Waits between attempts, doubling. @defaultValue `{ initialMs: 1000, maxMs: 300000 }` */
  backoff?: RetryBackoff;
  /** How long a receiver has to answer. @defaultValue 10000 */
  timeoutMs?: number;
}>;

/** A failed attempt, as the consumer sees it (it retries, then sets the event aside). */
class DeliveryFailed extends DepledgerError {
  constructor(readonly attempt: DeliveryAttempt) {
    super(
      'WEBHOOK_DELIVERY_FAILED',
      `Delivery of ${attempt.eventId} to webhook ${attempt.webhookId} failed: ${attempt.error ?? 'unknown'}.`,
      { webhookId: attempt.webhookId, status: attempt.status },
    );
  }
}

export type WebhookDispatcher = Readonly<{
  /** Starts a durable consumer for each registered webhook. */
  start(): Promise<void>;
  /** Starts delivering to a webhook just registered (from the position it was registered at). */
  add(webhook: Webhook): Promise<void>;
  stop(webhookId: string): Promise<void>;
  consumerOf(webhookId: string): Consumer | undefined;
  /** Sends an event again (a dead letter through its consumer, which records the replay; anything delivered before once more). */
  redeliver(webhookId: string, eventId: string): Promise<DeliveryAttempt>;
  close(): Promise<void>;
}>;

/**
 * Webhooks as durable consumers, one per receiver (`webhook-<id>`): each gets its events in order,
 * at least once, with the event id as idempotency key, signed; a failure is retried with doubling
 * waits and set aside after the last attempt; every attempt goes to the delivery log.
 */
export const createWebhookDispatcher = (
  depledger: Depledger,
  registry: WebhookRegistry,
  checkpoints: ConsumerCheckpointStore,
  options: WebhookDeliveryOptions = {},
): WebhookDispatcher => {
  const consumers = new Map<string, Consumer>();
  const attempts = new Map<string, number>();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const consumerName = (webhookId: string) => `webhook-${webhookId}`;

  /** Each webhook's secret, read from the vault once per consumer (not once per delivery). */
  const secrets = new Map<string, Promise<string>>();
  const secretOf = (webhook: Webhook): Promise<string> => {
    let secret = secrets.get(webhook.webhookId);
    if (!secret) {
      secret = registry.secretOf(webhook);
      secret.catch(() => secrets.delete(webhook.webhookId));
      secrets.set(webhook.webhookId, secret);
    }
    return secret;
  };

  const send = async (webhook: Webhook, event: ConsumedEvent, redelivery: boolean): Promise<DeliveryAttempt> => {
    const key = `${webhook.webhookId}/${event.metadata.eventId}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    const payload = webhookPayload(event as Parameters<typeof webhookPayload>[0]);
    const result = await sendWebhook(webhook.url, await secretOf(webhook), payload, timeoutMs);
    const logged = await recordAttempt(depledger.store, depledger.clock, {
      webhookId: webhook.webhookId,
      eventId: event.metadata.eventId,
      position: event.position,
      type: payload.type,
      attempt,
      redelivery,
      outcome: result.ok ? 'delivered' : 'failed',
      status: result.status,
      error: result.error,
    });
    if (result.ok) attempts.delete(key);
    else attempts.set(key, attempt);
    return logged;
  };

  const add = async (webhook: Webhook): Promise<void> => {
    if (consumers.has(webhook.webhookId)) return;
    const name = consumerName(webhook.webhookId);
    const checkpoint = await checkpoints.get(name);
    if (checkpoint.position < webhook.startAfter) await checkpoints.set(name, webhook.startAfter, checkpoint);
    const consumer = depledger.consume(name, {
      types: sourcesOf(webhook.events),
      checkpoints,
      maxAttempts: options.maxAttempts ?? 8,
      backoff: options.backoff ?? { initialMs: 1000, maxMs: 300_000 },
      handle: async (event) => {
        const attempt = await send(webhook, event, false);
        if (attempt.outcome === 'failed') throw new DeliveryFailed(attempt);
      },
    });
    consumers.set(webhook.webhookId, consumer);
  };

  const eventAt = async (position: number): Promise<StoredEvent | undefined> => {
    for await (const stored of depledger.store.readAll({ after: position - 1, maxCount: 1 }))
      if (stored.position === position) return stored;
    return undefined;
  };

  return {
    start: async () => {
      for (const webhook of await registry.list()) await add(webhook);
    },
    add,
    stop: async (webhookId) => {
      await consumers.get(webhookId)?.stop();
      consumers.delete(webhookId);
      secrets.delete(webhookId);
    },
    consumerOf: (webhookId) => consumers.get(webhookId),
    redeliver: async (webhookId, eventId) => {
      const webhook = await registry.get(webhookId);
      const consumer = consumers.get(webhookId);
      const letter = (await consumer?.deadLetters())?.find((l) => l.eventId === eventId && l.replayedAt === null);
      if (consumer && letter) {
        try {
          await consumer.replay(letter.position);
        } catch (error) {
          if (error instanceof DeliveryFailed) return error.attempt;
          throw error;
        }
        const log = await readDeliveryLog(depledger.store, webhookId);
        return log.filter((a) => a.eventId === eventId).pop() as DeliveryAttempt;
      }
      const earlier = (await readDeliveryLog(depledger.store, webhookId)).find((a) => a.eventId === eventId);
      const stored = earlier ? await eventAt(earlier.position) : undefined;
      if (!earlier || !stored || stored.metadata.eventId !== eventId) {
        throw new RequestError(
          'WEBHOOK_DELIVERY_NOT_FOUND',
          `Webhook ${webhookId} never delivered event ${eventId}: GET /webhooks/${webhookId}/deliveries lists what it did.`,
          { webhookId, eventId },
        );
      }
      return send(webhook, depledgerSerde.decode(stored) as ConsumedEvent, true);
    },
    close: async () => {
      await Promise.all([...consumers.values()].map((consumer) => consumer.stop()));
      consumers.clear();
      secrets.clear();
    },
  };
};
