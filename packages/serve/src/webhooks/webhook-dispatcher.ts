import { randomUUID } from 'node:crypto';
import {
  DepledgerError,
  depledgerSerde,
  type ConsumedEvent,
  type Consumer,
  type ConsumerCheckpointStore,
  type Depledger,
  type DepledgerLogger,
  type RetryBackoff,
  type StoredEvent,
} from '@depledger/core';
import { RequestError } from '../http/api-error';
import { readDeliveryLog, recordAttempt, type DeliveryAttempt } from './delivery-log';
import { sourcesOf, webhookPayload } from './webhook-events';
import { webhookChangeOf, webhookStream, type Webhook, type WebhookRegistry } from './webhook-registry';
import type { WebhookSender } from './webhook-sender';

export type WebhookDeliveryOptions = Readonly<{
  /** Attempts before an event is set aside as a dead letter (redeliverable on request). @defaultValue 8 */
  maxAttempts?: number;
  /** Waits between attempts, doubling. @defaultValue `{ initialMs: 1000, maxMs: 300000 }` */
  backoff?: RetryBackoff;
  /** How long a receiver has to answer. @defaultValue 10000 */
  timeoutMs?: number;
  /**
   * Several servers on one store deliver each webhook from one of them at a time: the one holding
   * the webhook's lease (kept with the store's run leases). This is how long a lease lasts without
   * renewal — how soon another server takes the deliveries over from one that died. @defaultValue 10000
   */
  leaseMs?: number;
  /**
   * Host names, addresses and CIDR ranges webhooks may be delivered to although they are inside the
   * network (loopback, link-local, private, metadata): by default such receivers are refused, at
   * registration and at each connection. @defaultValue [] (public receivers only)
   */
  allowTargets?: readonly string[];
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
  /**
   * Starts a durable consumer for each registered webhook, then follows the registrations live:
   * a webhook registered or removed by another process on the same store starts or stops here too.
   */
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
  sender: WebhookSender,
  options: WebhookDeliveryOptions = {},
  hooks: Readonly<{ logger?: DepledgerLogger; onError?(error: unknown): void }> = {},
): WebhookDispatcher => {
  const consumers = new Map<string, Consumer>();
  /** Webhooks removed while this server runs: a registration read late never starts them again. */
  const removed = new Set<string>();
  const attempts = new Map<string, number>();
  const { logger } = hooks;
  const consumerName = (webhookId: string) => `webhook-${webhookId}`;
  /** This server among the servers sharing the store, for the webhooks' leases. */
  const holder = `serve-${randomUUID()}`;

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
    const result = await sender.send(webhook.url, await secretOf(webhook), payload);
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
    const fields = { webhookId: webhook.webhookId, eventId: event.metadata.eventId, type: payload.type, attempt, status: result.status };
    if (result.ok) logger?.debug(fields, 'webhook delivered');
    else logger?.warn(fields, 'webhook delivery failed');
    return logged;
  };

  const startConsumer = async (webhook: Webhook): Promise<void> => {
    const name = consumerName(webhook.webhookId);
    if (removed.has(webhook.webhookId)) return;
    const consumer = depledger.consume(name, {
      types: sourcesOf(webhook.events),
      checkpoints,
      maxAttempts: options.maxAttempts ?? 8,
      lease: { holder, ttlMs: options.leaseMs ?? 10_000 },
      // Set by whichever server holds the lease: servers starting this webhook at once do not race on its checkpoint.
      startAfter: webhook.startAfter,
      backoff: options.backoff ?? { initialMs: 1000, maxMs: 300_000 },
      handle: async (event) => {
        const attempt = await send(webhook, event, false);
        if (attempt.outcome === 'failed') throw new DeliveryFailed(attempt);
      },
    });
    consumers.set(webhook.webhookId, consumer);
    logger?.info({ webhookId: webhook.webhookId, events: webhook.events }, 'webhook deliveries started');
  };

  /** Starts a webhook's consumer once, whoever asks first (the route that registered it, or the follower that read it). */
  const starting = new Map<string, Promise<void>>();
  const add = (webhook: Webhook): Promise<void> => {
    const { webhookId } = webhook;
    if (consumers.has(webhookId) || removed.has(webhookId)) return Promise.resolve();
    let started = starting.get(webhookId);
    if (!started) {
      started = startConsumer(webhook).finally(() => starting.delete(webhookId));
      starting.set(webhookId, started);
    }
    return started;
  };

  const stop = async (webhookId: string): Promise<void> => {
    removed.add(webhookId);
    const consumer = consumers.get(webhookId);
    consumers.delete(webhookId);
    secrets.delete(webhookId);
    if (consumer) {
      await consumer.stop();
      logger?.info({ webhookId }, 'webhook deliveries stopped');
    }
  };

  /** Registrations and removals recorded after `after`, by this process or another, as they are stored. */
  let following: Readonly<{ close(): Promise<void>; done: Promise<void> }> | null = null;
  const follow = (after: number) => {
    const subscription = depledger.store.subscribe({ after, streamPrefixes: [webhookStream] });
    const done = (async () => {
      for await (const stored of subscription) {
        try {
          const change = webhookChangeOf(stored);
          if (change?.kind === 'registered') await add(change.webhook);
          else if (change?.kind === 'removed') await stop(change.webhookId);
        } catch (error) {
          hooks.onError?.(error);
        }
      }
    })().catch((error: unknown) => hooks.onError?.(error));
    following = { close: () => subscription.close(), done };
  };

  const eventAt = async (position: number): Promise<StoredEvent | undefined> => {
    for await (const stored of depledger.store.readAll({ after: position - 1, maxCount: 1 }))
      if (stored.position === position) return stored;
    return undefined;
  };

  return {
    start: async () => {
      const head = await depledger.store.headPosition();
      for (const webhook of await registry.list()) await add(webhook);
      follow(head);
    },
    add,
    stop,
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
      const follower = following;
      following = null;
      if (follower) {
        await follower.close();
        await follower.done;
      }
      await Promise.all([...consumers.values()].map((consumer) => consumer.stop()));
      consumers.clear();
      secrets.clear();
    },
  };
};
