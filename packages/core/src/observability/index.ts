import type { DepGateway } from '../ports/dep-gateway';
import type { EventStore } from '../ports/event-store';
import type { SyncEngine } from '../sync-run';
import type { DepledgerLogger } from './logger';
import { observeGateway } from './observed-gateway';
import { observeStore } from './observed-store';
import { observeSync } from './observed-sync';
import { createTelemetry } from './telemetry';
import type { TelemetryOption } from './telemetry-option';
import { defaultTenant, type TenantId } from '../tenancy/tenant-id';

export type { DepledgerLogger } from './logger';
export type { TelemetryOption } from './telemetry-option';

export type Observation = Readonly<{
  store(store: EventStore): EventStore;
  gateway(gateway: DepGateway): DepGateway;
  sync(engine: SyncEngine): SyncEngine;
}>;

/**
 * Wraps the ports in logs and telemetry — or leaves them as they are when neither is asked for (no
 * cost). Every metric and span names the tenant (`tenant`, `depledger.tenant`), so one deployment's
 * figures split by organisation; log lines name it for any tenant but the default one.
 */
export const createObservation = (
  options: Readonly<{ logger?: DepledgerLogger; telemetry?: TelemetryOption }>,
  tenant: TenantId = defaultTenant,
): Observation => {
  const telemetry = options.telemetry === undefined || options.telemetry === false ? null : createTelemetry(options.telemetry);
  const logger = options.logger === undefined || tenant === defaultTenant ? options.logger : withTenant(options.logger, tenant);
  const active = logger !== undefined || telemetry !== null;
  return {
    store: (store) => (active ? observeStore(store, logger, telemetry, tenant) : store),
    gateway: (gateway) => (active ? observeGateway(gateway, logger, telemetry, tenant) : gateway),
    sync: (engine) => observeSync(engine, telemetry, tenant),
  };
};

/** The logger, with the tenant added to every line's fields. */
const withTenant = (logger: DepledgerLogger, tenant: TenantId): DepledgerLogger => ({
  debug: (fields, message) => logger.debug({ tenant, ...fields }, message),
  info: (fields, message) => logger.info({ tenant, ...fields }, message),
  warn: (fields, message) => logger.warn({ tenant, ...fields }, message),
  error: (fields, message) => logger.error({ tenant, ...fields }, message),
});
