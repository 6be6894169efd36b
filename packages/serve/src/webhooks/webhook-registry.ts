import { randomBytes, randomUUID } from 'node:crypto';
import { ValidationError, type Clock, type EventStore, type StoredEvent, type Vault } from '@depledger/core';
import { z } from 'zod';
import { RequestError } from '../http/api-error';
import { webhookEventTypes, type WebhookEventType } from './webhook-events';
import type { WebhookTargetPolicy } from './webhook-targets';

/** The stream that records webhooks: registered (the secret as a vault reference) and removed. */
export const webhookStream = 'dep-serve-webhooks';

const registeredSchema = z.object({
  webhookId: z.string(),
  url: z.string(),
  events: z.array(z.enum(webhookEventTypes as [WebhookEventType, ...WebhookEventType[]])),
  secretRef: z.string(),
  /** Deliveries start after this global position (the head when it was registered). */
  startAfter: z.number().int().nonnegative(),
});

export type Webhook = Readonly<{
  webhookId: string;
  url: string;
  events: readonly WebhookEventType[];
  secretRef: string;
  startAfter: number;
  registeredAt: string;
  registeredBy: string;
}>;

/** Checks a receiver's URL: http(s), no credentials in it (they would be stored in the log). */
export const parseWebhookUrl = (value: string): string => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError('webhook', [{ path: 'url', message: 'must be an absolute http(s) URL' }]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ValidationError('webhook', [{ path: 'url', message: 'must be an http(s) URL' }]);
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError('webhook', [
      { path: 'url', message: 'must not carry credentials: the signature tells the receiver the delivery is genuine' },
    ]);
  }
  return url.toString();
};

/** What a stored event of the webhooks' stream says: a registration, a removal, or nothing about webhooks. */
export type WebhookChange = Readonly<{ kind: 'registered'; webhook: Webhook }> | Readonly<{ kind: 'removed'; webhookId: string }> | null;

/** Reads one event of `dep-serve-webhooks` (from this process or any other on the same store). */
export const webhookChangeOf = (stored: StoredEvent): WebhookChange => {
  if (stored.streamName !== webhookStream) return null;
  if (stored.type === 'WebhookRegistered.v1') {
    const data = registeredSchema.parse(stored.data);
    return { kind: 'registered', webhook: { ...data, registeredAt: stored.metadata.occurredAt, registeredBy: stored.metadata.actor } };
  }
  if (stored.type === 'WebhookRemoved.v1')
    return { kind: 'removed', webhookId: String((stored.data as { webhookId?: unknown }).webhookId) };
  return null;
};

export type WebhookRegistry = Readonly<{
  /** Registers a receiver; the secret is answered once and kept in the vault. */
  register(url: string, events: readonly WebhookEventType[], actor: string): Promise<Webhook & { secret: string }>;
  remove(webhookId: string, actor: string): Promise<void>;
  list(): Promise<Webhook[]>;
  get(webhookId: string): Promise<Webhook>;
  /** The signing secret of a webhook (from the vault). */
  secretOf(webhook: Webhook): Promise<string>;
}>;

/** The registrations in depledger's store; a URL is checked against the target policy before anything is recorded. */
export const createWebhookRegistry = (store: EventStore, vault: Vault, clock: Clock, targets: WebhookTargetPolicy): WebhookRegistry => {
  const metadata = (actor: string) => ({
    eventId: randomUUID(),
    occurredAt: clock.now().toISOString(),
    actor,
    correlationId: randomUUID(),
    causationId: null,
    tokenId: null,
  });

  const list = async (): Promise<Webhook[]> => {
    const webhooks = new Map<string, Webhook>();
    for await (const stored of store.readStream(webhookStream)) {
      const change = webhookChangeOf(stored);
      if (change?.kind === 'registered') webhooks.set(change.webhook.webhookId, change.webhook);
      else if (change?.kind === 'removed') webhooks.delete(change.webhookId);
    }
    return [...webhooks.values()];
  };

  const get = async (webhookId: string): Promise<Webhook> => {
    const webhook = (await list()).find((w) => w.webhookId === webhookId);
    if (!webhook)
      throw new RequestError('WEBHOOK_NOT_FOUND', `There is no webhook ${webhookId}: list them with GET /webhooks.`, { webhookId });
    return webhook;
  };

  return {
    register: async (url, events, actor) => {
      const parsedUrl = parseWebhookUrl(url);
      if (events.length === 0)
        throw new ValidationError('webhook', [{ path: 'events', message: `name at least one of ${webhookEventTypes.join(', ')}` }]);
      await targets.check(parsedUrl);
      const secret = randomBytes(32).toString('base64url');
      const secretRef = await vault.putSecret('webhook-secret', secret);
      const data = {
        webhookId: randomBytes(8).toString('hex'),
        url: parsedUrl,
        events: [...new Set(events)],
        secretRef,
        startAfter: await store.headPosition(),
      };
      const event = { type: 'WebhookRegistered.v1', data, metadata: metadata(actor) };
      try {
        await store.appendToStream(webhookStream, [event], { expectedRevision: 'any' });
      } catch (error) {
        await vault.forget(secretRef);
        throw error;
      }
      return { ...data, registeredAt: event.metadata.occurredAt, registeredBy: actor, secret };
    },
    remove: async (webhookId, actor) => {
      const webhook = await get(webhookId);
      await store.appendToStream(webhookStream, [{ type: 'WebhookRemoved.v1', data: { webhookId }, metadata: metadata(actor) }], {
        expectedRevision: 'any',
      });
      await vault.forget(webhook.secretRef);
    },
    list,
    get,
    secretOf: async (webhook) => {
      const secret = await vault.reveal(webhook.secretRef);
      if (secret === null)
        throw new RequestError(
          'WEBHOOK_SECRET_MISSING',
          `The secret of webhook ${webhook.webhookId} is no longer in the vault: remove the webhook and register it again.`,
          { webhookId: webhook.webhookId },
        );
      return secret;
    },
  };
};
