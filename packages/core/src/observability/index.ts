import type { DepGateway } from '../ports/dep-gateway';
import type { EventStore } from '../ports/event-store';
import type { SyncEngine } from '../sync-run';
import type { DepledgerLogger } from './logger';
import { observeGateway } from './observed-gateway';
import { observeStore } from './observed-store';
import { observeSync } from './observed-sync';
import { createTelemetry } from './telemetry';
import type { TelemetryOption } from './telemetry-option';

export type { DepledgerLogger } from './logger';
export type { TelemetryOption } from './telemetry-option';

export type Observation = Readonly<{
  store(store: EventStore): EventStore;
  gateway(gateway: DepGateway): DepGateway;
  sync(engine: SyncEngine): SyncEngine;
}>;

/** Wraps the ports in logs and telemetry — or leaves them as they are when neither is asked for (no cost). */
export const createObservation = (options: Readonly<{ logger?: DepledgerLogger; telemetry?: TelemetryOption }>): Observation => {
  const telemetry = options.telemetry === undefined || options.telemetry === false ? null : createTelemetry(options.telemetry);
  const { logger } = options;
  const active = logger !== undefined || telemetry !== null;
  return {
    store: (store) => (active ? observeStore(store, logger, telemetry) : store),
    gateway: (gateway) => (active ? observeGateway(gateway, logger, telemetry) : gateway),
    sync: (engine) => observeSync(engine, telemetry),
  };
};
