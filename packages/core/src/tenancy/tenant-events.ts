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
    type: 'TenantRecorded',
    version: 1,
    aggregate: 'Tenant',
    description:
      "A tenant (organisation) stored its first event through its own view of the store, or was found in a store written before tenants were recorded. Recorded once per tenant in the operator's register of tenants (`tenant-~register`), which is what lists the tenants of a store.",
    schema: z.object({
      tenantId: tenantIdSchema,
      /** When its first event was stored (or when an older store was indexed). */
      recordedAt: isoDate,
    }),
  }),
  defineEvent({
    type: 'TenantsIndexed',
    version: 1,
    aggregate: 'Tenant',
    description:
      "The register of tenants (`tenant-~register`) was completed once from the store's stream names, for a store written before tenants were recorded at their first event: every tenant found was recorded before this.",
    schema: z.object({
      /** How many tenants the stream names held. */
      tenantsFound: z.number().int().min(0),
      /** The last position read. */
      upToPosition: z.number().int().min(0),
    }),
  }),
  defineEvent({
    type: 'TenantForgotten',
    version: 1,
    aggregate: 'Tenant',
    description:
      "The operator forgot a tenant (organisation): its vault key was destroyed and its vault entries erased, so none of its secrets and personal data can be read again. Its own events stay, and replay with their personal fields forgotten; it records nothing more. Recorded in the operator's stream `dep-tenant-<id>`, and noted in the register of tenants (`tenant-~register`).",
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
export type TenantRecorded = Event<'TenantRecorded', DataOf<'TenantRecorded'>>;
export type TenantsIndexed = Event<'TenantsIndexed', DataOf<'TenantsIndexed'>>;
export type TenantEvent = TenantForgotten;
/** The events of the register of tenants. */
export type TenantRegisterEvent = TenantRecorded | TenantsIndexed | TenantForgotten;

/**
 * The operator's register of tenants: every named tenant recorded at its first event, and each one
 * forgotten. One stream, read whole, so listing the tenants of a store never scans the log. Its name
 * is under the tenant marker with no tenant id (`tenant-~register`): no tenant's view of the store,
 * the default tenant's included, can name it or reads it; the operator reads it through the store as given.
 */
export const tenantRegisterStream = 'tenant-~register';

/** The operator's stream of a tenant: `dep-tenant-<tenantId>` (in the default tenant's names). */
export const tenantStream = (tenantId: string): string => `${streamPrefixes.tenant}${tenantId}`;
