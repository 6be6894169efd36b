import { randomUUID } from 'node:crypto';
import { defaultTenant, parseTenantId, type Depledger, type EventStore, type TenantId } from '@depledger/core';
import { z } from 'zod';
import { apiKeyStream, createApiKeys, createOperatorKeys, type ApiKeys } from './api-keys';

/** The operator's record of the tenants given keys (or written to by an operator's key): what a server for several tenants serves from its start. */
export const keyTenantStream = 'dep-serve-key-tenants';

const recordedSchema = z.object({ tenant: z.string() });

/** The operator's side of API keys: its own keys, each tenant's keys, and the tenants that have some. */
export type OperatorApiKeys = Readonly<{
  /** The operator's keys (`dplop_…`): they act on a tenant only by naming it (header `X-Depledger-Tenant`). */
  operator: ApiKeys;
  /** A tenant's keys (`dpl_<tenant>_…`): issuing one records the tenant, so a server for several tenants serves it from its start. */
  forTenant(tenant: TenantId): ApiKeys;
  /** The tenants recorded (given keys, or written to by an operator's key), the default tenant first when it has keys, then in the order they were recorded. */
  tenants(): Promise<TenantId[]>;
  /** Records a tenant as having keys (once; a key issued by a tenant's own server is recorded when it is first used here). */
  recordTenant(tenant: TenantId, options?: { actor?: string }): Promise<void>;
}>;

/**
 * API keys as the operator keeps them, built on the operator's depledger (the default tenant's, not
 * given a scoped store): the operator's keys and the tenant index in its streams, each tenant's keys
 * in that tenant's streams — never a secret, only its SHA-256, as for every key.
 */
export const createOperatorApiKeys = (operator: Depledger): OperatorApiKeys => {
  const store: EventStore = operator.store;
  const operatorKeys = createOperatorKeys(store, operator.clock);
  const tenantKeys = new Map<TenantId, ApiKeys>();

  const readTenants = async (): Promise<TenantId[]> => {
    const tenants = new Set<TenantId>();
    for await (const stored of store.readStream(keyTenantStream)) {
      if (stored.type === 'ApiKeyTenantRecorded.v1') tenants.add(recordedSchema.parse(stored.data).tenant);
    }
    return [...tenants];
  };

  const recordTenant = async (tenant: TenantId, options?: { actor?: string }): Promise<void> => {
    const wanted = parseTenantId(tenant);
    if (wanted === defaultTenant || (await readTenants()).includes(wanted)) return;
    await store.appendToStream(
      keyTenantStream,
      [
        {
          type: 'ApiKeyTenantRecorded.v1',
          data: { tenant: wanted },
          metadata: {
            eventId: randomUUID(),
            occurredAt: operator.clock.now().toISOString(),
            actor: options?.actor ?? 'admin:cli',
            correlationId: randomUUID(),
            causationId: null,
            tokenId: null,
          },
        },
      ],
      { expectedRevision: 'any' },
    );
  };

  const keysOf = (tenant: TenantId): ApiKeys => {
    const wanted = parseTenantId(tenant);
    let keys = tenantKeys.get(wanted);
    if (!keys) {
      const inner = createApiKeys(wanted === operator.tenant ? store : operator.forTenant(wanted).store, operator.clock);
      keys = {
        ...inner,
        issue: async (name, scopes, options) => {
          const issued = await inner.issue(name, scopes, options);
          await recordTenant(wanted, options);
          return issued;
        },
      };
      tenantKeys.set(wanted, keys);
    }
    return keys;
  };

  return {
    operator: operatorKeys,
    forTenant: keysOf,
    tenants: async () => {
      const named = await readTenants();
      const defaultHasKeys = (await store.streamRevision(apiKeyStream)) >= 0;
      return defaultHasKeys ? [defaultTenant, ...named] : named;
    },
    recordTenant,
  };
};
