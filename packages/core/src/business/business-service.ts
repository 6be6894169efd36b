import { createPrivateKey, randomUUID } from 'node:crypto';
import { isDepledgerError } from '../errors/depledger-error';
import { RuleViolation } from '../errors/rule-violation';
import { ValidationError } from '../errors/validation-error';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import type { Vault } from '../ports/vault';
import type { EventSerde } from '../serde/event-serde';
import { businessAccountDecider, type BusinessAccountState } from './business-account-decider';
import { businessAccountHealth, type BusinessAccountHealth } from './business-account-health';
import type { OrgDeviceSeen } from './business-events';
import type {
  BusinessAssignmentProgress,
  BusinessAssignmentResult,
  BusinessAccountRef,
  BusinessGateway,
  OrgDeviceRecord,
  OrgServerRecord,
} from './business-gateway';
import { deviceAssignmentDecider, type DeviceAssignmentState } from './device-assignment-decider';
import { orgDeviceDecider } from './org-device-decider';
import { checkSelectionShape, selectOrgDevices } from './device-selection';
import { createDeviceRemovals, type BusinessProcessContext } from './device-removals';
import { createMigrationChanges } from './migration-changes';
import { checkMigrationDeadline } from './migration-deadline';
import { businessStreamPrefixes, createBusinessStreams } from './business-streams';

export type BusinessServiceContext = Readonly<{
  store: EventStore;
  serde: EventSerde;
  vault: Vault;
  clock: Clock;
  gateway: BusinessGateway | undefined;
}>;

export type BusinessConnectInput = Readonly<{
  accountId?: string;
  clientId: string;
  keyId: string;
  privateKeyPem: string;
  /** When the credentials expire, as the account's page in the portal shows it (an ISO date); warned like a server token's expiry. */
  expiresAt?: string;
}>;
export type BusinessAssignInput = Readonly<{
  accountId?: string;
  serverId: string;
  /** Exactly one of serials, orderNumber or csv (one serial per line, first column). */
  serials?: readonly string[];
  orderNumber?: string;
  csv?: string;
  assignmentId?: string;
  /**
   * Migrate the devices from the MDM server they are enrolled with by this date (ISO, at most 90
   * days ahead): Apple's ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE. Each device re-enrolls with
   * the new server without being erased; after the deadline its user can no longer postpone it.
   */
  migrationDeadline?: string;
  onProgress?: (progress: BusinessAssignmentProgress) => void;
  signal?: AbortSignal;
}>;
export type InventoryRefresh = Readonly<{ devices: readonly OrgDeviceRecord[]; seen: number; changed: number; released: number }>;
export type BusinessAssignmentReport = BusinessAssignmentResult &
  Readonly<{
    assignmentId: string;
    serverId: string;
    serials: readonly string[];
    /** The migration deadline the devices move by, or null for a plain assignment. */
    migrationDeadline: string | null;
  }>;

const defaultAccount = 'default';
const actorOf = (actor?: string) => actor ?? 'admin:business';

/** Step 6 without the portal: the organisation's inventory, its MDM servers and assignment to one of them, through an API account. */
export const createBusinessService = (context: BusinessServiceContext) => {
  const meta = (actor?: string) => ({ now: context.clock.now(), actor: actorOf(actor) });
  const streams = createBusinessStreams(context.store, context.serde);
  const gateway = (): BusinessGateway => {
    if (context.gateway === undefined) {
      throw new RuleViolation(
        'BUSINESS_GATEWAY_MISSING',
        'No Business API gateway was given to createDepledger: pass business: createBusinessGateway(…) from @depledger/apple.',
      );
    }
    return context.gateway;
  };
  const accountState = async (accountId: string): Promise<BusinessAccountState> =>
    streams.state(businessAccountDecider, 'businessAccount', accountId);
  const accountRef = async (accountId = defaultAccount): Promise<BusinessAccountRef> => {
    const state = await accountState(accountId);
    if (state.status === 'none') {
      throw new RuleViolation(
        'BUSINESS_ACCOUNT_NOT_CONNECTED',
        `No API account ${accountId} is connected: run business connect --client-id … --key-id … --key <file.pem> first.`,
        { accountId },
      );
    }
    return { accountId, clientId: state.clientId, keyId: state.keyId, privateKeyRef: state.privateKeyRef };
  };
  /** Runs a call to Apple; a refusal of the key is recorded on the account before the error goes on. */
  const withAccount = async <T>(account: BusinessAccountRef, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (isDepledgerError(error, 'BUSINESS_AUTH_REFUSED')) {
        const httpStatus = (error as { httpStatus?: unknown }).httpStatus;
        await streams.handle(businessAccountDecider, 'businessAccount', account.accountId, {
          type: 'RecordBusinessAccountRefusal',
          data: { accountId: account.accountId, code: error.code, httpStatus: typeof httpStatus === 'number' ? httpStatus : null },
          metadata: meta('system:business'),
        });
      }
      throw error;
    }
  };

  const checkCredentials = (input: BusinessConnectInput) => {
    const issues: Array<{ path: string; message: string }> = [];
    if (!/^(BUSINESSAPI|SCHOOLAPI)\.[A-Za-z0-9-]{1,64}$/.test(input.clientId))
      issues.push({ path: 'clientId', message: 'must start with BUSINESSAPI. or SCHOOLAPI. (copy it from the API account page)' });
    if (!/^[A-Za-z0-9-]{1,64}$/.test(input.keyId))
      issues.push({ path: 'keyId', message: "must be the account's key id (letters, digits and dashes)" });
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(input.accountId ?? defaultAccount))
      issues.push({ path: 'accountId', message: '1–64 letters, digits, dot, dash or underscore' });
    try {
      const key = createPrivateKey({ key: input.privateKeyPem, format: 'pem' });
      if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
        issues.push({ path: 'key', message: 'is not the P-256 private key Apple generated for the account' });
    } catch {
      issues.push({ path: 'key', message: 'is not a readable PEM private key (give the .pem file the portal downloaded)' });
    }
    if (input.expiresAt !== undefined) {
      const at = Date.parse(input.expiresAt);
      if (Number.isNaN(at)) issues.push({ path: 'expiresAt', message: 'is not a date (e.g. 2027-06-01)' });
      else if (at <= context.clock.now().getTime())
        issues.push({ path: 'expiresAt', message: 'is already past: generate a new key in the portal' });
    }
    if (issues.length > 0) throw new ValidationError('API account credentials', issues, 'BUSINESS_CREDENTIALS_INVALID');
  };

  const processContext: BusinessProcessContext = {
    streams,
    gateway,
    accountRef,
    withAccount,
    meta,
    recordReleased: async (account, serial) => {
      await streams.handle(orgDeviceDecider, 'orgDevice', serial, {
        type: 'ReleaseOrgDevice',
        data: { serial, accountId: account.accountId, releasedAt: context.clock.now().toISOString() },
        metadata: meta('system:business'),
      });
    },
  };
  const removals = createDeviceRemovals(processContext);
  const migrations = createMigrationChanges({ ...processContext, now: () => context.clock.now() });

  return {
    ...removals,
    ...migrations,
    /**
     * Connects an API account: checks the credentials with Apple (an access token and the MDM
     * server list) before anything is recorded; the private key goes to the vault, never to an event.
     */
    async connect(
      input: BusinessConnectInput,
      options: { actor?: string; signal?: AbortSignal } = {},
    ): Promise<{ accountId: string; servers: OrgServerRecord[] }> {
      checkCredentials(input);
      const accountId = input.accountId ?? defaultAccount;
      const privateKeyRef = await context.vault.putSecret('business-api-key', input.privateKeyPem);
      let servers: OrgServerRecord[];
      try {
        servers = await gateway().mdmServers({ accountId, clientId: input.clientId, keyId: input.keyId, privateKeyRef }, options.signal);
      } catch (error) {
        await context.vault.forget(privateKeyRef);
        throw error;
      }
      const previous = await accountState(accountId);
      await streams.handle(businessAccountDecider, 'businessAccount', accountId, {
        type: 'ConnectBusinessAccount',
        data: {
          accountId,
          clientId: input.clientId,
          keyId: input.keyId,
          scope: input.clientId.startsWith('SCHOOLAPI.') ? 'school.api' : 'business.api',
          privateKeyRef,
          ...(input.expiresAt !== undefined ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
        },
        metadata: meta(options.actor),
      });
      await streams.handle(businessAccountDecider, 'businessAccount', accountId, {
        type: 'CheckBusinessAccountExpiry',
        data: { accountId },
        metadata: meta('system:clock'),
      });
      if (previous.status !== 'none' && previous.privateKeyRef !== privateKeyRef) await context.vault.forget(previous.privateKeyRef);
      return { accountId, servers };
    },

    account: (accountId = defaultAccount) => accountState(accountId),

    /** Records the credentials' expiry warnings now due (30, 7, 1 days before, then expired), as `tokens.checkExpiry` does for a server token. */
    async checkExpiry(accountId = defaultAccount, options: { actor?: string } = {}) {
      await accountRef(accountId);
      const { events } = await streams.handle(businessAccountDecider, 'businessAccount', accountId, {
        type: 'CheckBusinessAccountExpiry',
        data: { accountId },
        metadata: meta(options.actor ?? 'system:clock'),
      });
      return events;
    },

    /** The account's health now: connected, refused, expiring (a threshold crossed) or expired, with the days left. */
    async accountHealth(accountId = defaultAccount): Promise<BusinessAccountHealth> {
      const state = await accountState(accountId);
      if (state.status === 'none')
        throw new RuleViolation(
          'BUSINESS_ACCOUNT_NOT_CONNECTED',
          `No API account ${accountId} is connected: run business connect --client-id … --key-id … --key <file.pem> first.`,
          { accountId },
        );
      return businessAccountHealth(state, context.clock.now());
    },

    async servers(accountId?: string, signal?: AbortSignal): Promise<OrgServerRecord[]> {
      const account = await accountRef(accountId);
      return withAccount(account, () => gateway().mdmServers(account, signal));
    },

    /** Reads the whole inventory from Apple and records what is new, changed or gone; AppleCare coverage too when asked. */
    async refreshInventory(
      options: { accountId?: string; appleCare?: boolean; actor?: string; signal?: AbortSignal } = {},
    ): Promise<InventoryRefresh> {
      const account = await accountRef(options.accountId);
      const listedDevices = await withAccount(account, () => gateway().orgDevices(account, options.signal));
      const servers = await withAccount(account, () => gateway().mdmServers(account, options.signal));
      const serverOf = new Map<string, string>();
      for (const server of servers) {
        for (const serial of await withAccount(account, () => gateway().mdmServerDevices(account, server.serverId, options.signal)))
          serverOf.set(serial, server.serverId);
      }
      const devices = listedDevices.map((device) => ({
        ...device,
        facts: { ...device.facts, assignedServerId: serverOf.get(device.serial) ?? null },
      }));
      const counts = { seen: 0, changed: 0, released: 0 };
      const listed = new Set<string>();
      for (const device of devices) {
        listed.add(device.serial);
        const command =
          device.releasedAt === null
            ? ({
                type: 'ObserveOrgDevice',
                data: { serial: device.serial, accountId: account.accountId, facts: device.facts },
                metadata: meta(options.actor ?? 'system:business'),
              } as const)
            : ({
                type: 'ReleaseOrgDevice',
                data: { serial: device.serial, accountId: account.accountId, releasedAt: device.releasedAt },
                metadata: meta(options.actor ?? 'system:business'),
              } as const);
        const { events } = await streams.handle(orgDeviceDecider, 'orgDevice', device.serial, command);
        for (const event of events) {
          if (event.type === 'OrgDeviceSeen') counts.seen++;
          else if (event.type === 'OrgDeviceChanged') counts.changed++;
          else if (event.type === 'OrgDeviceReleased') counts.released++;
        }
        if (options.appleCare === true && device.releasedAt === null) {
          const coverages = await withAccount(account, () => gateway().appleCareCoverage(account, device.serial, options.signal));
          await streams.handle(orgDeviceDecider, 'orgDevice', device.serial, {
            type: 'RecordAppleCareCoverage',
            data: { serial: device.serial, accountId: account.accountId, coverages },
            metadata: meta(options.actor ?? 'system:business'),
          });
        }
      }
      for await (const stored of context.store.readAll({ streamPrefixes: businessStreamPrefixes('orgDevice') })) {
        const decoded = context.serde.decode<OrgDeviceSeen>(stored);
        if (decoded.type !== 'OrgDeviceSeen' || decoded.data.accountId !== account.accountId || listed.has(decoded.data.serial)) continue;
        listed.add(decoded.data.serial);
        const { events } = await streams.handle(orgDeviceDecider, 'orgDevice', decoded.data.serial, {
          type: 'ReleaseOrgDevice',
          data: { serial: decoded.data.serial, accountId: account.accountId, releasedAt: null },
          metadata: meta(options.actor ?? 'system:business'),
        });
        counts.released += events.length;
      }
      return { devices, ...counts };
    },

    /**
     * Assigns devices to an MDM server through Apple's activities, recorded as a process: the
     * request with Apple's activity ids once Apple accepted it, then the result per device.
     * Bad input (an unknown order, serials not in the organisation, an unknown server) fails
     * before anything is sent or recorded.
     */
    async assign(
      input: BusinessAssignInput,
      options: { actor?: string; pollIntervalMs?: number; timeoutMs?: number } = {},
    ): Promise<BusinessAssignmentReport> {
      checkSelectionShape(input, 'assignment');
      const migrationDeadline =
        input.migrationDeadline === undefined
          ? undefined
          : checkMigrationDeadline(input.migrationDeadline, context.clock.now(), { allowPast: false });
      const account = await accountRef(input.accountId);
      const [servers, devices] = await withAccount(account, () =>
        Promise.all([gateway().mdmServers(account, input.signal), gateway().orgDevices(account, input.signal)]),
      );
      if (!servers.some((server) => server.serverId === input.serverId)) {
        throw new RuleViolation(
          'BUSINESS_SERVER_UNKNOWN',
          `Apple knows no MDM server ${input.serverId} in this organisation: list them with business servers.`,
          { serverId: input.serverId },
        );
      }
      const { serials, selection } = selectOrgDevices(input, devices, 'assignment');
      const assignmentId = input.assignmentId ?? randomUUID();
      const existing = await streams.state(deviceAssignmentDecider, 'deviceAssignment', assignmentId);
      if (existing.status !== 'none')
        throw new RuleViolation('BUSINESS_ASSIGNMENT_EXISTS', `Assignment ${assignmentId} exists already: choose another id.`, {
          assignmentId,
        });
      const { activityIds } = await withAccount(account, () =>
        gateway().startAssignment(
          account,
          { serverId: input.serverId, serials, ...(migrationDeadline === undefined ? {} : { migrationDeadline }) },
          input.signal,
        ),
      );
      await streams.handle(deviceAssignmentDecider, 'deviceAssignment', assignmentId, {
        type: 'RequestDeviceAssignment',
        data: {
          assignmentId,
          accountId: account.accountId,
          serverId: input.serverId,
          serials,
          selection,
          activityIds,
          ...(migrationDeadline === undefined ? {} : { migrationDeadline }),
        },
        metadata: meta(options.actor),
      });
      return finish(assignmentId, { ...input, ...options });
    },

    /** Waits for an assignment still in progress (after a timeout, or a restart) and records its result. */
    finishAssignment: (
      assignmentId: string,
      options: {
        pollIntervalMs?: number;
        timeoutMs?: number;
        onProgress?: (progress: BusinessAssignmentProgress) => void;
        signal?: AbortSignal;
      } = {},
    ) => finish(assignmentId, options),

    assignment: async (assignmentId: string): Promise<DeviceAssignmentState> =>
      streams.state(deviceAssignmentDecider, 'deviceAssignment', assignmentId),
  };

  async function finish(
    assignmentId: string,
    options: {
      pollIntervalMs?: number;
      timeoutMs?: number;
      onProgress?: (progress: BusinessAssignmentProgress) => void;
      signal?: AbortSignal;
    },
  ): Promise<BusinessAssignmentReport> {
    const state = await streams.state(deviceAssignmentDecider, 'deviceAssignment', assignmentId);
    if (state.status === 'none')
      throw new RuleViolation('BUSINESS_ASSIGNMENT_NOT_FOUND', `There is no assignment ${assignmentId}.`, { assignmentId });
    const { request } = state;
    const head = {
      assignmentId,
      serverId: request.serverId,
      serials: request.serials,
      migrationDeadline: request.migrationDeadline ?? null,
    };
    if (state.status === 'completed')
      return {
        ...head,
        assigned: state.assigned,
        failed: state.failed,
        activities: [],
      };
    const account = await accountRef(request.accountId);
    const result = await withAccount(account, () =>
      gateway().finishAssignment(account, {
        serverId: request.serverId,
        serials: request.serials,
        activityIds: request.activityIds,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    await streams.handle(deviceAssignmentDecider, 'deviceAssignment', assignmentId, {
      type: 'CompleteDeviceAssignment',
      data: { assignmentId, ...result },
      metadata: meta('system:business'),
    });
    return { ...head, ...result };
  }
};

export type BusinessService = ReturnType<typeof createBusinessService>;
