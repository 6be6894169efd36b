import { z } from 'zod';
import { apiErrorSchema } from '../http/api-error';
import { defineRoute, type AnyRoute } from '../http/route';
import type { ServeServices } from '../serve-services';
import { deliveryAttemptSchema, readDeliveryLog } from '../webhooks/delivery-log';
import { webhookEventTypes, type WebhookEventType } from '../webhooks/webhook-events';
import type { Webhook } from '../webhooks/webhook-registry';

const error = (description: string) => ({ description, schema: apiErrorSchema });
const eventType = z.enum(webhookEventTypes as [WebhookEventType, ...WebhookEventType[]]);
const webhookIdParam = z.strictObject({ webhookId: z.string().min(1).max(64) });

const webhookSchema = z
  .object({ webhookId: z.string(), url: z.string(), events: z.array(eventType), registeredAt: z.string(), registeredBy: z.string() })
  .meta({ id: 'Webhook' });

const view = (webhook: Webhook) => ({
  webhookId: webhook.webhookId,
  url: webhook.url,
  events: [...webhook.events],
  registeredAt: webhook.registeredAt,
  registeredBy: webhook.registeredBy,
});

const signatureHelp =
  'Each delivery is a POST of `{ id, type, occurredAt, data }` with headers `Depledger-Event-Id` (also `Idempotency-Key`: the same on every attempt), `Depledger-Timestamp` (Unix seconds) and `Depledger-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the secret answered here once. Accept a timestamp within 5 minutes of your clock, compare signatures in constant time, and answer 2xx; anything else is retried with doubling waits, then set aside (redeliver on request).';

/** Webhooks: the MDM registers a URL and the events it wants; deliveries, dead letters, redelivery. */
export const webhookRoutes = (services: ServeServices): AnyRoute[] => [
  defineRoute({
    method: 'POST',
    path: '/webhooks',
    operationId: 'registerWebhook',
    summary: 'Register a receiver for some event types; the signing secret is answered once',
    description: signatureHelp,
    tag: 'webhooks',
    scope: 'write',
    body: z.strictObject({ url: z.string().min(1).max(2000), events: z.array(eventType).min(1) }),
    responses: {
      201: {
        description: 'Registered; deliveries start with the events recorded from now on.',
        schema: webhookSchema.extend({ secret: z.string().describe('Shown once; kept in the vault.') }),
      },
    },
    handle: async ({ body, caller }) => {
      const webhook = await services.webhooks.registry.register(body.url, body.events, caller.actor);
      await services.webhooks.dispatcher.add(webhook);
      return { status: 201, body: { ...view(webhook), secret: webhook.secret } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/webhooks',
    operationId: 'listWebhooks',
    summary: 'The registered webhooks (never their secrets)',
    tag: 'webhooks',
    scope: 'read',
    responses: { 200: { description: 'The webhooks.', schema: z.object({ webhooks: z.array(webhookSchema) }) } },
    handle: async () => ({ status: 200, body: { webhooks: (await services.webhooks.registry.list()).map(view) } }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/webhooks/{webhookId}',
    operationId: 'removeWebhook',
    summary: 'Stop delivering to a receiver and forget its secret',
    tag: 'webhooks',
    scope: 'write',
    params: webhookIdParam,
    responses: { 204: { description: 'Removed.' }, 404: error('No such webhook.') },
    handle: async ({ params, caller }) => {
      await services.webhooks.dispatcher.stop(params.webhookId);
      await services.webhooks.registry.remove(params.webhookId, caller.actor);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/webhooks/{webhookId}/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: "The delivery log: every attempt, the receiver's status, the most recent last",
    tag: 'webhooks',
    scope: 'read',
    params: webhookIdParam,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    responses: {
      200: {
        description: 'The attempts, and the events set aside after their last attempt.',
        schema: z.object({
          deliveries: z.array(deliveryAttemptSchema),
          deadLetters: z.array(
            z.object({
              eventId: z.string(),
              position: z.number(),
              attempts: z.number(),
              deadLetteredAt: z.string(),
              replayedAt: z.string().nullable(),
            }),
          ),
        }),
      },
      404: error('No such webhook.'),
    },
    handle: async ({ params, query }) => {
      await services.webhooks.registry.get(params.webhookId);
      const log = await readDeliveryLog(services.events, params.webhookId);
      const letters = (await services.webhooks.dispatcher.consumerOf(params.webhookId)?.deadLetters()) ?? [];
      return {
        status: 200,
        body: {
          deliveries: log.slice(-query.limit),
          deadLetters: letters.map((l) => ({
            eventId: l.eventId,
            position: l.position,
            attempts: l.attempts,
            deadLetteredAt: l.deadLetteredAt,
            replayedAt: l.replayedAt,
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/webhooks/{webhookId}/redeliveries',
    operationId: 'redeliverWebhookEvent',
    summary: 'Send an event again: a dead letter, or one delivered before',
    tag: 'webhooks',
    scope: 'write',
    params: webhookIdParam,
    body: z.strictObject({ eventId: z.string().min(1).max(128) }),
    responses: {
      200: { description: 'The attempt, delivered or failed (a failed one stays redeliverable).', schema: deliveryAttemptSchema },
      404: error('No such webhook, or it never handled this event.'),
    },
    handle: async ({ params, body }) => ({
      status: 200,
      body: await services.webhooks.dispatcher.redeliver(params.webhookId, body.eventId),
    }),
  }),
];
