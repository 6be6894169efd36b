import { randomBytes, randomUUID } from 'node:crypto';
import { SimulatorError } from '../simulator-error';
import { touchDevice } from '../device/device-record';
import { assignDevicesToServer, disownDevices, unassignDevices } from '../state/device-assignment';
import type { Organisation } from '../state/organisation';
import { activitySubStatus, type SimulatedActivity, type SimulatedActivityType, type SimulatedMigration } from './activity';
import { newApiAccount, type ApiAccount, type ApiAccountKind, type IssuedApiAccount } from './api-account';
import type { AssertionProblem } from './assertion-check';
import { defaultBusinessFaults, type BusinessFaultChanges, type BusinessFaultSettings } from './business-faults';

/** One AppleCare coverage of a device, in Apple's attribute names. */
export interface AppleCareCoverageInput {
  id: string;
  description: string;
  status: 'ACTIVE' | 'INACTIVE';
  paymentType: 'ABE_SUBSCRIPTION' | 'PAID_UP_FRONT' | 'SUBSCRIPTION' | 'NONE';
  startDateTime: string;
  endDateTime: string | null;
  isRenewable: boolean;
  isCanceled: boolean;
  agreementNumber: string | null;
  contractCancelDateTime: string | null;
}

/** The Apple School and Business Manager API's side of the simulated organisation (`simulator.business`). */
export interface BusinessSide {
  /** "Create API account" and "Generate Private Key" in the portal: the only time the private key is shown. */
  addApiAccount(input?: { kind?: ApiAccountKind; name?: string }): IssuedApiAccount;
  /** Revokes the account: its assertions and its access tokens stop working at once. */
  revokeApiAccount(clientId: string): void;
  /** Replaces a device's AppleCare coverage (by default: a one-year limited warranty from when the API first saw it). */
  setAppleCareCoverage(serial: string, coverages: readonly AppleCareCoverageInput[]): void;
  /** A device's migration under way (or finished), if one was asked for. */
  migration(serial: string): Readonly<SimulatedMigration & { deadline: string | null }> | undefined;
  /** What the device reports as it migrates: it started, or finished with success or failure (then the migration is over). */
  setMigrationStatus(serial: string, status: SimulatedMigration['status']): void;
  /** An activity as the simulator sees it, with what happened to each device. */
  activity(id: string): Readonly<SimulatedActivity> | undefined;
  /** Why the token endpoint refused each assertion so far, oldest first (Apple only says `invalid_client`). */
  tokenRefusals(): readonly AssertionProblem[];
  readonly faults: {
    get(): Readonly<BusinessFaultSettings>;
    set(changes: BusinessFaultChanges): Readonly<BusinessFaultSettings>;
    reset(): Readonly<BusinessFaultSettings>;
  };
}

/** The state behind the Business API routes. */
export interface BusinessState {
  readonly org: Organisation;
  readonly accounts: Map<string, ApiAccount>;
  readonly accessTokens: Map<string, { clientId: string; scope: string; expiresMs: number }>;
  /** `clientId jti` → when the assertion expires (a replay before then is refused). */
  readonly seenJti: Map<string, number>;
  readonly activities: Map<string, SimulatedActivity>;
  readonly appleCare: Map<string, readonly AppleCareCoverageInput[]>;
  /** Device management service migrations, by serial: under way, or how they ended. */
  readonly migrations: Map<string, SimulatedMigration>;
  /** When the API first showed a device or server: its `addedToOrgDateTime` / `createdDateTime`. */
  readonly firstSeenMs: Map<string, number>;
  readonly refusals: AssertionProblem[];
  readonly timers: Set<NodeJS.Timeout>;
  faults: BusinessFaultSettings;
  readonly accessTokenLifetimeSeconds: number;
  startActivity(input: {
    type: SimulatedActivityType;
    serverId: string | undefined;
    serials: readonly string[];
    clientId: string;
    deadlineMs: number | undefined;
  }): SimulatedActivity;
}

export function firstSeen(state: BusinessState, key: string): number {
  let at = state.firstSeenMs.get(key);
  if (at === undefined) {
    at = state.org.clock.nowMs();
    state.firstSeenMs.set(key, at);
  }
  return at;
}

export function createBusinessState(org: Organisation): BusinessState {
  const state: BusinessState = {
    org,
    accounts: new Map(),
    accessTokens: new Map(),
    seenJti: new Map(),
    activities: new Map(),
    appleCare: new Map(),
    migrations: new Map(),
    firstSeenMs: new Map(),
    refusals: [],
    timers: new Set(),
    faults: defaultBusinessFaults(),
    accessTokenLifetimeSeconds: 3600,
    startActivity(input) {
      const activity: SimulatedActivity = {
        id: randomUUID(),
        ...input,
        logToken: randomBytes(16).toString('hex'),
        createdMs: org.clock.nowMs(),
        status: 'IN_PROGRESS',
        subStatus: 'SUBMITTED',
        completedMs: undefined,
        outcome: undefined,
      };
      state.activities.set(activity.id, activity);
      const timer = setTimeout(() => {
        state.timers.delete(timer);
        completeActivity(state, activity);
      }, state.faults.activityDurationMs);
      state.timers.add(timer);
      return activity;
    },
  };
  return state;
}

/** Carries an activity out: the devices move in the DEP side's model, so the server's sync feed shows them. */
function completeActivity(state: BusinessState, activity: SimulatedActivity): void {
  const { org } = state;
  const failing = new Set(state.faults.failingSerials);
  const outcome: Record<string, 'done' | 'failed'> = {};
  const eligible: string[] = [];
  for (const serial of activity.serials) {
    const device = org.devices.get(serial);
    if (device === undefined || device.disowned || failing.has(serial)) outcome[serial] = 'failed';
    else eligible.push(serial);
  }
  if (activity.type === 'ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE') migrateDevices(state, activity, eligible, outcome);
  else if (activity.type === 'UPDATE_MDM_MIGRATION_DEADLINE' || activity.type === 'CANCEL_MDM_MIGRATION')
    changeMigrations(state, activity, eligible, outcome);
  else if (activity.type === 'ASSIGN_DEVICES') {
    const server = activity.serverId === undefined ? undefined : org.servers.get(activity.serverId);
    if (server === undefined) for (const serial of eligible) outcome[serial] = 'failed';
    else {
      const result = assignDevicesToServer(org, server, eligible, `api:${activity.clientId}`);
      for (const serial of [...result.assigned, ...result.unchanged]) outcome[serial] = 'done';
      for (const serial of result.unknown) outcome[serial] = 'failed';
    }
  } else if (activity.type === 'RELEASE_DEVICES') {
    // Released from the organisation for good: off its server, and no longer listed.
    const result = disownDevices(org, eligible);
    for (const serial of eligible) outcome[serial] = result[serial] === 'SUCCESS' ? 'done' : 'failed';
  } else {
    // With a server named, only its devices are unassigned; the others fail.
    const onServer = eligible.filter(
      (serial) => activity.serverId === undefined || org.devices.get(serial)?.serverId === activity.serverId,
    );
    unassignDevices(org, onServer);
    for (const serial of eligible) outcome[serial] = onServer.includes(serial) ? 'done' : 'failed';
  }
  activity.outcome = outcome;
  activity.status = 'COMPLETED';
  activity.subStatus = activitySubStatus(outcome);
  activity.completedMs = org.clock.nowMs();
}

const underWay = (migration: SimulatedMigration | undefined): migration is SimulatedMigration =>
  migration?.status === 'REQUESTED' || migration?.status === 'STARTED';

/**
 * ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE: a device enrolled through another server moves to
 * the new one with the deadline in its DEP record (`mdm_migration_deadline`); a device on no server,
 * or already on this one, has nothing to migrate from and fails, as Apple's activity log shows it.
 */
function migrateDevices(state: BusinessState, activity: SimulatedActivity, eligible: string[], outcome: Record<string, 'done' | 'failed'>) {
  const { org } = state;
  const server = activity.serverId === undefined ? undefined : org.servers.get(activity.serverId);
  for (const serial of eligible) {
    const device = org.devices.get(serial);
    const fromServerId = device?.serverId;
    if (server === undefined || device === undefined || fromServerId === undefined || fromServerId === server.id) {
      outcome[serial] = 'failed';
      continue;
    }
    device.mdmMigrationDeadlineMs = activity.deadlineMs;
    const result = assignDevicesToServer(org, server, [serial], `api:${activity.clientId}`);
    if (result.assigned.length === 0) {
      device.mdmMigrationDeadlineMs = undefined;
      outcome[serial] = 'failed';
      continue;
    }
    state.migrations.set(serial, { fromServerId, status: 'REQUESTED' });
    outcome[serial] = 'done';
  }
}

/**
 * UPDATE_MDM_MIGRATION_DEADLINE and CANCEL_MDM_MIGRATION: a device with no migration under way
 * fails. A new deadline shows in the server's feed (`modified`); a cancelled migration sends the
 * device back to the server it came from.
 */
function changeMigrations(
  state: BusinessState,
  activity: SimulatedActivity,
  eligible: string[],
  outcome: Record<string, 'done' | 'failed'>,
) {
  const { org } = state;
  for (const serial of eligible) {
    const device = org.devices.get(serial);
    const migration = state.migrations.get(serial);
    if (device === undefined || !underWay(migration)) {
      outcome[serial] = 'failed';
      continue;
    }
    if (activity.type === 'UPDATE_MDM_MIGRATION_DEADLINE') {
      device.mdmMigrationDeadlineMs = activity.deadlineMs;
      touchDevice(device);
      const server = device.serverId === undefined ? undefined : org.servers.get(device.serverId);
      server?.log.append('modified', device, org.clock.nowMs());
    } else {
      device.mdmMigrationDeadlineMs = undefined;
      state.migrations.delete(serial);
      const former = org.servers.get(migration.fromServerId);
      if (former === undefined) unassignDevices(org, [serial]);
      else assignDevicesToServer(org, former, [serial], `api:${activity.clientId}`);
    }
    outcome[serial] = 'done';
  }
}

export function createBusinessSide(state: BusinessState): BusinessSide {
  return {
    addApiAccount(input = {}) {
      const { account, issued } = newApiAccount(input.kind ?? 'business', input.name ?? `API account ${state.accounts.size + 1}`);
      state.accounts.set(account.clientId, account);
      return issued;
    },
    revokeApiAccount(clientId) {
      const account = state.accounts.get(clientId);
      if (account === undefined) throw new SimulatorError('UNKNOWN_API_ACCOUNT', `No API account ${clientId}`);
      account.revoked = true;
      for (const [token, issued] of state.accessTokens) if (issued.clientId === clientId) state.accessTokens.delete(token);
    },
    setAppleCareCoverage(serial, coverages) {
      if (!state.org.devices.has(serial)) throw new SimulatorError('UNKNOWN_DEVICE', `No device ${serial} in the organisation`);
      state.appleCare.set(
        serial,
        coverages.map((coverage) => ({ ...coverage })),
      );
    },
    migration(serial) {
      const migration = state.migrations.get(serial);
      if (migration === undefined) return undefined;
      const deadlineMs = state.org.devices.get(serial)?.mdmMigrationDeadlineMs;
      return { ...migration, deadline: deadlineMs === undefined ? null : new Date(deadlineMs).toISOString() };
    },
    setMigrationStatus(serial, status) {
      const migration = state.migrations.get(serial);
      if (migration === undefined) throw new SimulatorError('UNKNOWN_DEVICE', `No migration was asked for device ${serial}`);
      migration.status = status;
      const device = state.org.devices.get(serial);
      // once it is over, the device's DEP record no longer carries a deadline
      if (device !== undefined && (status === 'SUCCESS' || status === 'FAILED')) device.mdmMigrationDeadlineMs = undefined;
    },
    activity: (id) => state.activities.get(id),
    tokenRefusals: () => [...state.refusals],
    faults: {
      get: () => state.faults,
      set(changes) {
        state.faults = { ...state.faults, ...changes };
        return state.faults;
      },
      reset() {
        state.faults = defaultBusinessFaults();
        return state.faults;
      },
    },
  };
}

/** Stops pending activity timers (the simulator is stopping). */
export function stopBusinessTimers(state: BusinessState): void {
  for (const timer of state.timers) clearTimeout(timer);
  state.timers.clear();
}
