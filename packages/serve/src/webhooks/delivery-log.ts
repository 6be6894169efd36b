import { randomUUID } from 'node:crypto';
import type { Clock, EventStore } from '@depledger/core';
import { z } from 'zod';

/** A webhook's delivery log: one event per attempt, in `dep-serve-webhook-<id>`. */
export const deliveryLogStream = (webhookId: string): string => `dep-serve-webhook-${webhookId}`;

export const deliveryAttemptSchema = z
  .object({
    webhookId: z.string(),
    eventId: z.string(),
    position: z.number().int().positive(),
    type: z.string(),
    attempt: z.number().int().positive(),
    redelivery: z.boolean(),
    outcome: z.enum(['delivered', 'failed']),
    /** The receiver's HTTP status, or null when it could not be reached. */
    status: z.number().int().nullable(),
    error: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

export const recordAttempt = async (store: EventStore, clock: Clock, attempt: Omit<DeliveryAttempt, 'at'>): Promise<DeliveryAttempt> => {
  const at = clock.now().toISOString();
  const data = { ...attempt, at };
  await store.appendToStream(
    deliveryLogStream(attempt.webhookId),
    [
      {
        type: 'WebhookDeliveryAttempted.v1',
        data,
        metadata: {
          eventId: randomUUID(),
          occurredAt: at,
          actor: `system:webhook:${attempt.webhookId}`,
          correlationId: attempt.eventId,
          causationId: attempt.eventId,
          tokenId: null,
        },
      },
    ],
    { expectedRevision: 'any' },
  );
  return data;
};

/** The attempts, oldest first. */
export const readDeliveryLog = async (store: EventStore, webhookId: string): Promise<DeliveryAttempt[]> => {
  const attempts: DeliveryAttempt[] = [];
  for await (const stored of store.readStream(deliveryLogStream(webhookId))) {
    if (stored.type === 'WebhookDeliveryAttempted.v1') attempts.push(deliveryAttemptSchema.parse(stored.data));
  }
  return attempts;
};
