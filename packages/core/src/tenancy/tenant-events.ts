import { z } from 'zod';
import type { Event } from '../events/event';
import { streamPrefixes } from '../events/stream-names';
import { defineEvent } from '../serde/event-catalogue';
import { isoDate } from '../serde/schemas';

const tenantIdSchema = z
  .string()
  .max(40)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a tenant id');

export const tenantEventDefinitions = [
  defineEvent({
    type: 'TenantForgotten',
    version: 1,
    aggregate: 'Tenant',
    description:
      "The operator forgot a tenant (organisation): its vault key was destroyed and its vault entries erased, so none of its secrets and personal data can be read again. Its own events stay, and replay with their personal fields forgotten. Recorded in the operator's store.",
    schema: z.object({
      tenantId: tenantIdSchema,
      /** When the vault destroyed the tenant's key. */
      forgottenAt: isoDate,
      /** How many vault entries still held a value and were erased. */
      entriesErased: z.number().int().min(0),
    }),
  }),
] as const;

type DataOf<T extends string> = z.infer<Extract<(typeof tenantEventDefinitions)[number], { type: T }>['schema']>;

export type TenantForgotten = Event<'TenantForgotten', DataOf<'TenantForgotten'>>;
export type TenantEvent = TenantForgotten;

/** The operator's stream of a tenant: `dep-tenant-<tenantId>` (in the default tenant's names). */
export const tenantStream = (tenantId: string): string => `${streamPrefixes.tenant}${tenantId}`;
