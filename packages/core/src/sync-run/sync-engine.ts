import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock';
import type { DepGateway } from '../ports/dep-gateway';
import type { EventStore } from '../ports/event-store';
import type { RunLeaseStore } from '../ports/run-leases';
import type { Vault } from '../ports/vault';
import { ValidationError } from '../errors';
import { depledgerSerde } from '../serde/depledger-events';
import type { EventSerde } from '../serde/event-serde';
import { defaultSyncPolicy, type SyncPolicy } from '../sync/sync-policy';
import { AssignmentWaits, type AssignmentQueueSeed } from './assignment/assignment-waits';
import type { AssignedDevicesSeed } from './assigned-devices-seed';
import { assignSerials, reassignRevised, retryDue, type AssignmentResult } from './assignment/assignments';
import { bindTokenWork, type SyncEngineContext } from './engine-context';
import { defaultRunLeaseTiming } from './run-lease-keeper';
import { runSync } from './run-loop';
import type { SyncRunOptions, SyncRunResult } from './run-result';
import { callAppleGuarded } from './token-access/guarded-call';

/** The largest page Apple serves from /server/devices and /devices/sync. */
const applePageMaximum = 1000;

export type SyncEngineOptions = Readonly<{
  store: EventStore;
  gateway: DepGateway;
  vault: Vault;
  clock: Clock;
  policy?: SyncPolicy;
  /**
   * Page size asked of Apple (Apple: 100 by default, at most 1000; the gateway never asks above
   * what the account advertises). Apple's maximum by default: a tenth of the requests, and a tenth
   * of the page transactions, of Apple's default (100k-device sync into SQLite: 15.6 s → 11.9 s).
   */
  pageLimit?: number;
  serde?: EventSerde;
  /** How many device streams of one page are written at the same time (default 8). */
  applyConcurrency?: number;
  /** How often a run compares its clock with its deadline while a call to Apple is in flight (default 1000 ms). */
  deadlineCheckIntervalMs?: number;
  /**
   * Where runs keep their leases. @defaultValue the store's own (`store.runLeases`); a store with
   * none leaves a run the stream shows running blocking its token until its deadline
   */
  runLeases?: RunLeaseStore;
  /** How long a run lease lasts without renewal, in ms: a dead run frees its token within this. @defaultValue 20000 */
  runLeaseMs?: number;
  /**
   * Where the engine's assignment waits may start from instead of folding the whole device log on
   * their first use (a fresh process): the queue as of a log position, e.g. projections'
   * \`assignmentQueueSeed\` over the assignment-queue read model. @defaultValue the log from its start
   */
  assignmentQueue?: AssignmentQueueSeed;
  /**
   * Where a full run's release by absence may start instead of folding the whole device log: the
   * devices assigned to the token as of a log position, e.g. projections' \`assignedDevicesSeed\`
   * over the device-status read model. @defaultValue the log from its start
   */
  assignedDevices?: AssignedDevicesSeed;
}>;

export type AssignmentCallOptions = Readonly<{ signal?: AbortSignal; actor?: string }>;

export type ManualAssignmentOptions = AssignmentCallOptions & Readonly<{ reason?: 'manual' }>;

export type SyncEngine = Readonly<{
  /** One sync run ("Sync now"): refusals, failures and timeouts are results, recorded as events. */
  run(tokenId: string, options: SyncRunOptions): Promise<SyncRunResult>;
  /** Assigns the current published version of a token's profile to one or many serials. */
  assignProfile(
    tokenId: string,
    profileId: string,
    serials: readonly string[],
    options?: ManualAssignmentOptions,
  ): Promise<AssignmentResult>;
  /** Sends again the assignments whose retry time has come (FAILED after 24 h, THROTTLED after Apple's wait). */
  retryDueAssignments(tokenId: string, options?: AssignmentCallOptions): Promise<AssignmentResult>;
  /** After a profile revision is published under a new UUID, re-assigns the devices on older versions. */
  reassignAfterRevision(tokenId: string, profileId: string, options?: AssignmentCallOptions): Promise<AssignmentResult>;
}>;

/** Who and under which correlation id an assignment call outside a run records its events. */
const runFor = (options: AssignmentCallOptions | undefined, what: string) => ({
  actor: options?.actor ?? 'system:sync',
  correlationId: `${what}:${randomUUID()}`,
});

const sentAny = (result: AssignmentResult): boolean => result.sent > 0;

/** A lease of `ms`, renewed four times within it (so a renewal the store delays once costs nothing). */
const leaseTiming = (ms: number | undefined) => {
  if (ms === undefined) return defaultRunLeaseTiming;
  if (!Number.isSafeInteger(ms) || ms < 4)
    throw new ValidationError('sync engine options', [
      { path: 'runLeaseMs', message: `must be a whole number of milliseconds, 4 or more (got ${String(ms)})` },
    ]);
  return { ttlMs: ms, renewEveryMs: Math.floor(ms / 4) };
};

export const createSyncEngine = (options: SyncEngineOptions): SyncEngine => {
  const serde = options.serde ?? depledgerSerde;
  const context: SyncEngineContext = {
    store: options.store,
    gateway: options.gateway,
    vault: options.vault,
    clock: options.clock,
    policy: options.policy ?? defaultSyncPolicy,
    serde,
    pageLimit: options.pageLimit ?? applePageMaximum,
    applyConcurrency: options.applyConcurrency ?? 8,
    deadlineCheckIntervalMs: options.deadlineCheckIntervalMs ?? 1000,
    assignmentWaits: new AssignmentWaits({ store: options.store, serde }, options.assignmentQueue),
    assignedDevices: options.assignedDevices ?? null,
    runLeases: options.runLeases ?? options.store.runLeases ?? null,
    runLeaseTiming: leaseTiming(options.runLeaseMs),
  };
  return {
    run: (tokenId, runOptions) => runSync(context, tokenId, runOptions),
    assignProfile: (tokenId, profileId, serials, callOptions) => {
      const work = bindTokenWork(context, tokenId, runFor(callOptions, 'assign'));
      return callAppleGuarded(
        work,
        () => assignSerials(work, profileId, serials, callOptions?.reason ?? 'manual', callOptions?.signal),
        sentAny,
      );
    },
    retryDueAssignments: (tokenId, callOptions) => {
      const work = bindTokenWork(context, tokenId, runFor(callOptions, 'retry'));
      return callAppleGuarded(work, () => retryDue(work, callOptions?.signal), sentAny);
    },
    reassignAfterRevision: (tokenId, profileId, callOptions) => {
      const work = bindTokenWork(context, tokenId, runFor(callOptions, 'revision'));
      return callAppleGuarded(work, () => reassignRevised(work, profileId, callOptions?.signal), sentAny);
    },
  };
};
