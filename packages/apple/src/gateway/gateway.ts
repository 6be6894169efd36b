import type {
  ActivationLockRequest,
  ActivationLockResult,
  AssignmentOutcome,
  DepAccount,
  DepGateway,
  DeviceOperationResult,
  DeviceRecord,
  GatewayFailure,
  PageLimit,
} from '@depledger/core';
import { createAppleClient, type AppleClient } from '../client';
import { appleBaseUrl, type AppleClientOptions } from '../client-options';
import { advertisedLimit, type ApplePageLimit } from '../endpoints/account';
import type { AppleDevicePage } from '../endpoints/device';
import { toDeviceRecord } from './device-record';
import { toGatewayError } from './gateway-failure';
import { trustsRefusalsFrom, untrustedRefusal } from './refusal-trust';
import { toAppleProfile } from './profile-fields';

export type AppleGatewayOptions = AppleClientOptions & {
  /**
   * Whether a refusal of the token from `baseUrl` (`token_rejected`, `access_denied`,
   * `terms_not_signed`) is Apple's word, to be recorded on the token. When false such an answer is a
   * `bad_request` that marks nothing: a wrong URL cannot get a good token marked as rejected.
   * @defaultValue true for Apple's own URL and for loopback (the simulator), false for any other URL
   */
  trustRefusals?: boolean;
};

/** Core's `DepGateway` over Apple's DEP service, plus the client underneath for what the port does not cover. */
export type AppleGateway = DepGateway &
  Readonly<{
    /** The endpoint-level client the gateway uses (same sessions, same options). */
    client: AppleClient;
    /** Drops a token's cached session, e.g. after a renewed server token was stored. */
    forgetSession(tokenId: string): void;
  }>;

/**
 * Apple's DEP service in the domain's terms. Apple's failures become `GatewayError`s with a
 * domain `failure`; per-device outcomes are results, never exceptions.
 */
export const createAppleGateway = (options: AppleGatewayOptions): AppleGateway => {
  const client = createAppleClient(options);
  const baseUrl = options.baseUrl ?? appleBaseUrl;
  const trusted = options.trustRefusals ?? trustsRefusalsFrom(baseUrl);

  const translated =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>, onNotFound?: GatewayFailure) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        const translatedError = toGatewayError(error, onNotFound);
        throw trusted ? translatedError : untrustedRefusal(translatedError, baseUrl);
      }
    };

  return {
    client,
    forgetSession: (tokenId) => client.forgetSession(tokenId),

    account: translated(async (tokenId, signal) => {
      const account = await client.account(tokenId, signal);
      return {
        serverName: account.server_name,
        serverUuid: account.server_uuid,
        orgName: account.org_name ?? '',
        orgId: account.org_id,
        orgType: account.org_type,
        orgVersion: account.org_version,
        adminId: account.admin_id ?? account.facilitator_id,
        pageLimits: {
          fetch: pageLimit(advertisedLimit(account, '/server/devices')),
          sync: pageLimit(advertisedLimit(account, '/devices/sync')),
        },
      } satisfies DepAccount;
    }),

    fetchDevices: translated(async (request, signal) =>
      toDevicePage(await client.fetchDevices(request.tokenId, { cursor: request.cursor, limit: request.limit }, signal)),
    ),

    syncDevices: translated(async (request, signal) =>
      toDevicePage(await client.syncDevices(request.tokenId, { cursor: request.cursor, limit: request.limit }, signal)),
    ),

    deviceDetails: translated(async (tokenId, serials, signal) => {
      const details = await client.deviceDetails(tokenId, serials, signal);
      const results = new Map<string, DeviceRecord | 'not_accessible'>();
      for (const serial of new Set(serials)) {
        const detail = details[serial];
        results.set(serial, detail?.device ? toDeviceRecord(detail.device) : 'not_accessible');
      }
      return results;
    }),

    defineProfile: translated(async (tokenId, settings, signal) => {
      const defined = await client.defineProfile(tokenId, toAppleProfile(settings), signal);
      return { profileUuid: defined.profile_uuid };
    }),

    assignProfile: translated(async (tokenId, profileUuid, serials, signal) => {
      const assigned = await client.assignProfile(tokenId, profileUuid, serials, signal);
      const results = new Map<string, AssignmentOutcome>();
      for (const serial of new Set(serials)) results.set(serial, assignmentOutcome(assigned.devices[serial]));
      return { profileUuid: assigned.profile_uuid, results, retryAfterSeconds: assigned.retry_after_seconds };
    }, 'profile_not_found'),

    removeProfile: translated(async (tokenId, serials, signal) =>
      operationResults(serials, await client.removeProfile(tokenId, serials, {}, signal)),
    ),

    disownDevices: translated(async (tokenId, serials, signal) =>
      operationResults(serials, await client.disownDevices(tokenId, serials, signal)),
    ),

    setAccountDrivenEnrollmentProfile: translated((tokenId: string, url: string, signal?: AbortSignal) =>
      client.setAccountDrivenEnrollmentProfile(tokenId, url, signal),
    ),
    accountDrivenEnrollmentProfile: translated(async (tokenId: string, signal?: AbortSignal) => {
      const profile = await client.getAccountDrivenEnrollmentProfile(tokenId, signal);
      return profile === null
        ? null
        : { serviceDiscoveryUrl: profile.mdm_service_discovery_url, lastUpdatedAt: profile.last_updated_timestamp };
    }),
    removeAccountDrivenEnrollmentProfile: translated((tokenId: string, signal?: AbortSignal) =>
      client.removeAccountDrivenEnrollmentProfile(tokenId, signal),
    ),
    escrowActivationLock: translated(async (tokenId: string, request: ActivationLockRequest, signal?: AbortSignal) => {
      const answer = await client.escrowActivationLock(
        tokenId,
        {
          device: request.serial,
          ...(request.escrowKey === null ? {} : { escrow_key: request.escrowKey }),
          ...(request.lostMessage === null ? {} : { lost_message: request.lostMessage }),
        },
        signal,
      );
      return activationLockResult(answer.response_status);
    }),
    replacementDetails: translated(async (tokenId: string, serial: string, signal?: AbortSignal) => {
      const details = await client.replacementDetails(tokenId, serial, signal);
      return details === null
        ? null
        : { serial: details.serial_number, originalSerial: details.original_device_serial_number, replacedOn: details.replacement_date };
    }),
  };
};

const toDevicePage = (page: AppleDevicePage) => ({
  devices: page.devices.map(toDeviceRecord),
  cursor: page.cursor,
  fetchedUntil: page.fetched_until,
  moreToFollow: page.more_to_follow,
});

const pageLimit = (limit: ApplePageLimit | null): PageLimit | null => {
  if (limit === null || (limit.default === null && limit.maximum === null)) return null;
  const maximum = limit.maximum ?? Math.max(limit.default ?? 0, 1000);
  return { default: Math.min(limit.default ?? Math.min(100, maximum), maximum), maximum };
};

/** A serial Apple did not answer for counts as failed: it was not assigned, and a retry is the way on. */
const assignmentOutcome = (status: string | undefined): AssignmentOutcome => {
  switch (status) {
    case 'SUCCESS':
      return 'assigned';
    case 'NOT_ACCESSIBLE':
      return 'not_accessible';
    case 'THROTTLED':
      return 'throttled';
    default:
      return 'failed';
  }
};

const activationLockResults: Readonly<Record<string, ActivationLockResult>> = {
  SUCCESS: 'success',
  NOT_ACCESSIBLE: 'not_accessible',
  ORG_NOT_SUPPORTED: 'org_not_supported',
  DEVICE_NOT_SUPPORTED: 'device_not_supported',
  DEVICE_ALREADY_LOCKED: 'device_already_locked',
};
/** Apple's activation lock status; anything else (FAILED, a status this version does not know) is `failed`. */
const activationLockResult = (status: string): ActivationLockResult => activationLockResults[status] ?? 'failed';

const operationResults = (serials: readonly string[], statuses: Record<string, string>): ReadonlyMap<string, DeviceOperationResult> => {
  const results = new Map<string, DeviceOperationResult>();
  for (const serial of new Set(serials)) {
    const status = statuses[serial];
    results.set(serial, status === 'SUCCESS' ? 'success' : status === 'NOT_ACCESSIBLE' ? 'not_accessible' : 'failed');
  }
  return results;
};
