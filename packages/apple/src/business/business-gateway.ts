import type { BusinessAccountRef, BusinessAssignmentProgress, BusinessGateway, OrgDeviceRecord, Vault } from '@depledger/core';
import { createBusinessClient, type BusinessClient } from './business-client';
import { BusinessApiError } from './business-error';
import type { BusinessClientOptions } from './business-options';
import type { OrgDevice } from './org-device';
import type { WaitOptions } from './org-device-activity';

export type BusinessGatewayOptions = Omit<BusinessClientOptions, 'credentials'> &
  Readonly<{
    /** Where the API accounts' private keys are (depledger's vault). */
    vault: Pick<Vault, 'reveal'>;
    /** Between two reads of an activity. @defaultValue `2000` */
    pollIntervalMs?: number;
    /** How long to wait for Apple's activities. @defaultValue `600000` */
    activityTimeoutMs?: number;
  }>;

const isoOrNull = (value: string | null): string | null =>
  value !== null && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;

const toRecord = (device: OrgDevice): OrgDeviceRecord => ({
  serial: device.serialNumber.toUpperCase(),
  facts: {
    orderNumber: device.orderNumber,
    model: device.model,
    productFamily: device.productFamily,
    partNumber: device.partNumber,
    color: device.color,
    status: device.status,
    assignedServerId: null,
    addedToOrgAt: isoOrNull(device.addedToOrgDateTime),
    // Apple leaves the status out when no migration was asked for; an API that knows migrations says
    // whether the device is capable of one, so without both depledger cannot tell "none" from "unknown".
    ...(device.mdmMigrationStatus !== null || device.isMdmMigrationCapable !== null
      ? { migrationStatus: device.mdmMigrationStatus, migrationDeadline: isoOrNull(device.mdmMigrationDeadlineDateTime) }
      : {}),
  },
  releasedAt: isoOrNull(device.releasedFromOrgDateTime),
});

/**
 * Core's `BusinessGateway` port over Apple's School and Business Manager API: one client per API
 * account and key, the key read from the vault when a token is needed and never kept.
 */
export function createBusinessGateway(options: BusinessGatewayOptions): BusinessGateway {
  const { vault, pollIntervalMs, activityTimeoutMs, ...clientOptions } = options;
  const clients = new Map<string, BusinessClient>();
  const clientOf = (account: BusinessAccountRef): BusinessClient => {
    const key = `${account.accountId}\n${account.clientId}\n${account.keyId}\n${account.privateKeyRef}`;
    let client = clients.get(key);
    if (client === undefined) {
      client = createBusinessClient({
        ...clientOptions,
        credentials: async () => {
          const privateKeyPem = await vault.reveal(account.privateKeyRef);
          if (privateKeyPem === null) {
            throw new BusinessApiError(
              'BUSINESS_KEY_INVALID',
              `The private key of API account ${account.accountId} is no longer in the vault: connect the account again.`,
            );
          }
          return { clientId: account.clientId, keyId: account.keyId, privateKeyPem };
        },
      });
      clients.set(key, client);
    }
    return client;
  };

  /** How long and how often to wait for Apple's activities, and whom to tell. */
  const waitOptions = (input: { onProgress?: (progress: BusinessAssignmentProgress) => void; signal?: AbortSignal }): WaitOptions => ({
    ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
    ...(activityTimeoutMs !== undefined ? { timeoutMs: activityTimeoutMs } : {}),
    ...(input.onProgress ? { onProgress: (progress) => input.onProgress?.({ completed: progress.completed, total: progress.total }) } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });

  return {
    orgDevices: async (account, signal) => (await clientOf(account).orgDevices(signal)).map(toRecord),
    appleCareCoverage: async (account, serial, signal) =>
      (await clientOf(account).appleCareCoverage(serial, signal)).map((coverage) => ({
        coverageId: coverage.id,
        description: coverage.description,
        status: coverage.status,
        paymentType: coverage.paymentType,
        startsAt: isoOrNull(coverage.startDateTime),
        endsAt: isoOrNull(coverage.endDateTime),
        renewable: coverage.isRenewable,
        canceled: coverage.isCanceled,
      })),
    mdmServers: async (account, signal) =>
      (await clientOf(account).mdmServers(signal)).map((server) => ({
        serverId: server.id,
        name: server.name,
        serverType: server.serverType,
      })),
    mdmServerDevices: async (account, serverId, signal) =>
      (await clientOf(account).mdmServerDeviceIds(serverId, signal)).map((id) => id.toUpperCase()),
    async startAssignment(account, input, signal) {
      const client = clientOf(account);
      const activityIds: string[] = [];
      for (let from = 0; from < input.serials.length; from += 1000) {
        const activity = await client.createActivity(
          input.migrationDeadline === undefined
            ? { type: 'ASSIGN_DEVICES', serverId: input.serverId, deviceIds: input.serials.slice(from, from + 1000) }
            : {
                type: 'ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE',
                serverId: input.serverId,
                deviceIds: input.serials.slice(from, from + 1000),
                migrationDeadline: input.migrationDeadline,
              },
          signal,
        );
        activityIds.push(activity.id);
      }
      return { activityIds };
    },
    async startRemoval(account, input, signal) {
      const client = clientOf(account);
      const activityIds: string[] = [];
      for (let from = 0; from < input.serials.length; from += 1000) {
        const activity = await client.createActivity(
          {
            type: input.from === 'server' ? 'UNASSIGN_DEVICES' : 'RELEASE_DEVICES',
            ...(input.serverId === null ? {} : { serverId: input.serverId }),
            deviceIds: input.serials.slice(from, from + 1000),
          },
          signal,
        );
        activityIds.push(activity.id);
      }
      return { activityIds };
    },
    async finishRemoval(account, input) {
      const client = clientOf(account);
      const activities = await client.waitForActivities(input.activityIds, waitOptions(input));
      // What is still there after Apple finished: on the server (unassign), or in the organisation (release).
      const still =
        input.from === 'server' && input.serverId !== null
          ? new Set((await client.mdmServerDeviceIds(input.serverId, input.signal)).map((id) => id.toUpperCase()))
          : new Set(
              (await client.orgDevices(input.signal))
                .filter((device) => device.releasedFromOrgDateTime === null)
                .map((device) => device.serialNumber.toUpperCase()),
            );
      return {
        removed: input.serials.filter((serial) => !still.has(serial)),
        failed: input.serials.filter((serial) => still.has(serial)),
        activities: activities.map((activity) => ({ activityId: activity.id, status: activity.status, subStatus: activity.subStatus })),
      };
    },
    async startMigrationChange(account, input, signal) {
      const client = clientOf(account);
      const activityIds: string[] = [];
      for (let from = 0; from < input.serials.length; from += 1000) {
        const deviceIds = input.serials.slice(from, from + 1000);
        const activity = await client.createActivity(
          input.change === 'cancel' || input.deadline === null
            ? { type: 'CANCEL_MDM_MIGRATION', deviceIds }
            : { type: 'UPDATE_MDM_MIGRATION_DEADLINE', deviceIds, migrationDeadline: input.deadline },
          signal,
        );
        activityIds.push(activity.id);
      }
      return { activityIds };
    },
    async finishMigrationChange(account, input) {
      const client = clientOf(account);
      const activities = await client.waitForActivities(input.activityIds, waitOptions(input));
      // What Apple shows of each device afterwards: the new deadline on a migration under way, or no migration.
      const bySerial = new Map((await client.orgDevices(input.signal)).map((device) => [device.serialNumber.toUpperCase(), device]));
      const wanted = input.deadline === null ? null : Date.parse(input.deadline);
      const tookIt = (serial: string): boolean => {
        const device = bySerial.get(serial);
        if (device === undefined) return false;
        const underWay = device.mdmMigrationStatus === 'REQUESTED' || device.mdmMigrationStatus === 'STARTED';
        if (input.change === 'cancel') return !underWay;
        return underWay && device.mdmMigrationDeadlineDateTime !== null && Date.parse(device.mdmMigrationDeadlineDateTime) === wanted;
      };
      return {
        changed: input.serials.filter(tookIt),
        failed: input.serials.filter((serial) => !tookIt(serial)),
        activities: activities.map((activity) => ({ activityId: activity.id, status: activity.status, subStatus: activity.subStatus })),
      };
    },
    activityLog: (account, activityId, signal) => clientOf(account).activityLog(activityId, signal),
    async finishAssignment(account, input) {
      const client = clientOf(account);
      const activities = await client.waitForActivities(input.activityIds, waitOptions(input));
      const onServer = new Set(await client.mdmServerDeviceIds(input.serverId, input.signal));
      return {
        assigned: input.serials.filter((serial) => onServer.has(serial)),
        failed: input.serials.filter((serial) => !onServer.has(serial)),
        activities: activities.map((activity) => ({ activityId: activity.id, status: activity.status, subStatus: activity.subStatus })),
      };
    },
  };
}
