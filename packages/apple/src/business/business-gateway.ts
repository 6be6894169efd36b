import type { BusinessAccountRef, BusinessGateway, OrgDeviceRecord, Vault } from '@depledger/core';
import { createBusinessClient, type BusinessClient } from './business-client';
import { BusinessApiError } from './business-error';
import type { BusinessClientOptions } from './business-options';
import type { OrgDevice } from './org-device';

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
          { type: 'ASSIGN_DEVICES', serverId: input.serverId, deviceIds: input.serials.slice(from, from + 1000) },
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
      const activities = await client.waitForActivities(input.activityIds, {
        ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
        ...(activityTimeoutMs !== undefined ? { timeoutMs: activityTimeoutMs } : {}),
        ...(input.onProgress
          ? { onProgress: (progress) => input.onProgress?.({ completed: progress.completed, total: progress.total }) }
          : {}),
        ...(input.signal ? { signal: input.signal } : {}),
      });
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
    activityLog: (account, activityId, signal) => clientOf(account).activityLog(activityId, signal),
    async finishAssignment(account, input) {
      const client = clientOf(account);
      const activities = await client.waitForActivities(input.activityIds, {
        ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
        ...(activityTimeoutMs !== undefined ? { timeoutMs: activityTimeoutMs } : {}),
        ...(input.onProgress
          ? { onProgress: (progress) => input.onProgress?.({ completed: progress.completed, total: progress.total }) }
          : {}),
        ...(input.signal ? { signal: input.signal } : {}),
      });
      const onServer = new Set(await client.mdmServerDeviceIds(input.serverId, input.signal));
      return {
        assigned: input.serials.filter((serial) => onServer.has(serial)),
        failed: input.serials.filter((serial) => !onServer.has(serial)),
        activities: activities.map((activity) => ({ activityId: activity.id, status: activity.status, subStatus: activity.subStatus })),
      };
    },
  };
}
