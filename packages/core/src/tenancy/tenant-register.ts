import { randomUUID } from 'node:crypto';
import { DepledgerError } from '../errors/depledger-error';
import type { EventStore, StoredEventInput } from '../ports/event-store';
import { tenantRegisterStream, tenantStream, type TenantForgotten } from './tenant-events';
import { defaultTenant, isTenantId, tenantNameMarker, tenantOfName, type TenantId } from './tenant-id';

/**
 * The operator's register of tenants (`tenant-~register`, in the default tenant's names): each named tenant
 * is recorded there when its first event is stored through its own view of the store, and noted when
 * it is forgotten. Listing the tenants of a store is one read of that stream, on every store, however
 * long the log. A store written before the register is indexed once from its stream names.
 */

/** A tenant as the register knows it. */
export type RegisteredTenant = Readonly<{
  tenant: TenantId;
  /** When it was recorded (its first event, or the indexing of an older store). */
  recordedAt: string | null;
  /** When it was forgotten, or null. */
  forgottenAt: string | null;
}>;

export type TenantRegister = Readonly<{
  /** The named tenants, by id (the default tenant is never recorded: every store has it). */
  tenants: ReadonlyMap<TenantId, RegisteredTenant>;
  /** Whether the stream names of the store were indexed (done once, for stores written before the register). */
  indexed: boolean;
}>;

const recordedType = 'TenantRecorded.v1';
const indexedType = 'TenantsIndexed.v1';
const forgottenType = 'TenantForgotten.v1';

const registerEvent = (type: string, data: Record<string, unknown>, eventId: string, occurredAt: string): StoredEventInput => ({
  type,
  data,
  metadata: {
    eventId,
    occurredAt,
    actor: 'system:tenancy',
    correlationId: randomUUID(),
    causationId: null,
    tokenId: null,
  },
});

const recordedEvent = (tenant: TenantId, recordedAt: string): StoredEventInput =>
  registerEvent(recordedType, { tenantId: tenant, recordedAt }, `tenant-recorded-${tenant}`, recordedAt);

const forgottenEvent = (forgotten: TenantForgotten['data']): StoredEventInput =>
  registerEvent(forgottenType, { ...forgotten }, `tenant-forgotten-${forgotten.tenantId}`, forgotten.forgottenAt);

const stringField = (data: unknown, field: string): string | null => {
  const value = (data as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : null;
};

/** Reads the register; an event it cannot read (a later version, damaged data) is left aside, never fatal. */
export const readTenantRegister = async (store: EventStore): Promise<TenantRegister> => {
  const tenants = new Map<TenantId, RegisteredTenant>();
  let indexed = false;
  for await (const event of store.readStream(tenantRegisterStream)) {
    if (event.type === indexedType) {
      indexed = true;
      continue;
    }
    const tenant = stringField(event.data, 'tenantId');
    if (tenant === null || !isTenantId(tenant) || tenant === defaultTenant) continue;
    const known = tenants.get(tenant) ?? { tenant, recordedAt: null, forgottenAt: null };
    // an event appended twice (a store that checks ids within a window only) is read as one
    if (event.type === recordedType)
      tenants.set(tenant, { ...known, recordedAt: known.recordedAt ?? stringField(event.data, 'recordedAt') });
    if (event.type === forgottenType)
      tenants.set(tenant, { ...known, forgottenAt: known.forgottenAt ?? stringField(event.data, 'forgottenAt') });
  }
  return { tenants, indexed };
};

/** Records a tenant in the register; once per tenant on stores that check event ids (SQLite, PostgreSQL, memory), read as once anyway. */
export const recordTenant = async (store: EventStore, tenant: TenantId, recordedAt: string): Promise<void> => {
  await store.appendToStream(tenantRegisterStream, [recordedEvent(tenant, recordedAt)], { expectedRevision: 'any' });
};

/** Notes a forgetting (recorded in `dep-tenant-<id>`) in the register. */
export const noteTenantForgotten = async (store: EventStore, forgotten: TenantForgotten['data']): Promise<void> => {
  await store.appendToStream(tenantRegisterStream, [forgottenEvent(forgotten)], { expectedRevision: 'any' });
};

/** When the tenant was forgotten (its `dep-tenant-<id>` stream), or null: one look-up of the stream's revision while it was not. */
export const forgottenAtOf = async (store: EventStore, tenant: TenantId): Promise<string | null> => {
  if (tenant === defaultTenant || (await store.streamRevision(tenantStream(tenant))) < 0) return null;
  for await (const event of store.readStream(tenantStream(tenant)))
    if (event.type === forgottenType) return stringField(event.data, 'forgottenAt') ?? event.metadata.occurredAt;
  return null;
};

/** What a forgotten tenant's depledger answers when asked to record anything. */
export const tenantClosedError = (tenant: TenantId, forgottenAt: string): DepledgerError =>
  new DepledgerError(
    'TENANT_FORGOTTEN',
    `The tenant ${tenant} was forgotten (${forgottenAt}): it records nothing more, and nothing was written. Its past events still replay.`,
    { tenant },
  );

/**
 * Completes the register once for a store written before tenants were recorded at their first event:
 * reads the names of the streams under a tenant prefix (the whole log of the named tenants, once),
 * records every tenant found and every forgetting recorded in `dep-tenant-<id>`, then `TenantsIndexed`.
 * Two processes doing it at once record the same facts, read as once.
 */
export const indexTenants = async (store: EventStore, now: string): Promise<TenantRegister> => {
  const found = new Set<TenantId>();
  let upToPosition = 0;
  for await (const event of store.readAll({ streamPrefixes: [tenantNameMarker] })) {
    const tenant = tenantOfName(event.streamName);
    if (tenant !== defaultTenant && isTenantId(tenant)) found.add(tenant);
    upToPosition = event.position;
  }
  const { tenants } = await readTenantRegister(store);
  const events: StoredEventInput[] = [];
  for (const tenant of [...found].sort()) {
    if (!tenants.has(tenant)) events.push(recordedEvent(tenant, now));
    if (tenants.get(tenant)?.forgottenAt) continue;
    for await (const event of store.readStream(tenantStream(tenant)))
      if (event.type === forgottenType) events.push(forgottenEvent(event.data as TenantForgotten['data']));
  }
  events.push(
    registerEvent(indexedType, { tenantsFound: found.size, upToPosition }, `tenants-indexed-${upToPosition}-${randomUUID()}`, now),
  );
  await store.appendToStream(tenantRegisterStream, events, { expectedRevision: 'any' });
  return readTenantRegister(store);
};

/**
 * What a named tenant's view of the store does before each append: refuses when the tenant was
 * forgotten (`TENANT_FORGOTTEN`, nothing written), and records the tenant in the register before its
 * first event (once per view).
 */
export const createTenantGate = (store: EventStore, tenant: TenantId) => {
  let recorded: Promise<void> | null = null;
  return async (events: readonly StoredEventInput[]): Promise<void> => {
    const forgottenAt = await forgottenAtOf(store, tenant);
    if (forgottenAt !== null) throw tenantClosedError(tenant, forgottenAt);
    const first = events[0];
    if (first === undefined) return;
    recorded ??= recordTenant(store, tenant, first.metadata.occurredAt).catch((error: unknown) => {
      recorded = null;
      throw error;
    });
    await recorded;
  };
};
