import type { CommandMetadata } from '../handling/decider';
import type { Clock } from '../ports/clock';
import type { DepGateway } from '../ports/dep-gateway';
import type { EventStore } from '../ports/event-store';
import type { RunLeaseStore } from '../ports/run-leases';
import type { Vault } from '../ports/vault';
import type { EventSerde } from '../serde/event-serde';
import type { SyncPolicy } from '../sync/sync-policy';
import type { AssignedDevicesSeed } from './assigned-devices-seed';
import type { AssignmentWaits } from './assignment/assignment-waits';
import type { DeviceCommand } from '../device/device-commands';
import { deviceDecider } from '../device/device-decider';
import { createStagedWrites, type StagedWrites } from '../handling/staged-writes';
import { createKnownDevices, type KnownDevices } from './known-devices';
import type { RunLeaseTiming } from './run-lease-keeper';

/** What the sync engine works with, for every token and every run. */
export type SyncEngineContext = Readonly<{
  store: EventStore;
  gateway: DepGateway;
  vault: Vault;
  clock: Clock;
  policy: SyncPolicy;
  serde: EventSerde;
  /** Page size asked of Apple; undefined lets Apple choose (100 by default, 1000 at most). */
  pageLimit: number | undefined;
  /** How many device streams of one page are written at the same time. */
  applyConcurrency: number;
  /** How often the deadline is compared with the clock while a call to Apple is in flight. */
  deadlineCheckIntervalMs: number;
  /** The devices waiting on an assignment, kept current from the store. */
  assignmentWaits: AssignmentWaits;
  /** Where a full run's release by absence may start instead of the whole device log; null: the log. */
  assignedDevices: AssignedDevicesSeed | null;
  /** Where runs keep their leases; null: none, a run the stream shows running blocks its token until its deadline. */
  runLeases: RunLeaseStore | null;
  runLeaseTiming: RunLeaseTiming;
}>;

/**
 * Who and what a piece of work records its events under, so that every event of one run (or one
 * assignment call) shares a correlation id. `actor` is who the facts are recorded as;
 * `requestedBy`, when given, is who asked (recorded as `metadata.requestedBy`).
 */
export type RunMetadata = Readonly<{ actor: string; correlationId: string; requestedBy?: string }>;

/**
 * One piece of work for one token — a sync run, an assignment call — with the engine, the token
 * and its metadata bound once: every step of the work takes this one value.
 */
export type TokenWork = SyncEngineContext &
  Readonly<{
    tokenId: string;
    run: RunMetadata;
    /** The device states this work wrote or read: its next command on a device decides on them instead of reading the stream back. */
    devices: KnownDevices;
    /**
     * A sync page's device writes (its devices, then its default-profile requests), appended together
     * in one call right before the page is recorded.
     */
    page: StagedWrites<DeviceCommand>;
    /** The metadata of a command sent now, with an idempotency key when the command has one. */
    metadata(idempotencyKey?: string): CommandMetadata;
  }>;

export const bindTokenWork = (context: SyncEngineContext, tokenId: string, run: RunMetadata): TokenWork => {
  const devices = createKnownDevices();
  return {
    ...context,
    tokenId,
    run,
    devices,
    page: createStagedWrites(context.store, context.serde, deviceDecider, devices.forget),
    metadata: (idempotencyKey) => ({
      now: context.clock.now(),
      actor: run.actor,
      ...(run.requestedBy === undefined ? {} : { requestedBy: run.requestedBy }),
      correlationId: run.correlationId,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    }),
  };
};
