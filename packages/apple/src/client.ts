import {
  getAccountDrivenEnrollmentProfile,
  removeAccountDrivenEnrollmentProfile,
  setAccountDrivenEnrollmentProfile,
  type AppleAccountDrivenEnrollmentProfile,
} from './endpoints/account-driven-enrollment';
import { escrowActivationLock, type AppleActivationLockRequest, type AppleActivationLockStatus } from './endpoints/activation-lock';
import { advertisedLimit, getAccount, type AppleAccount, type ApplePageLimit } from './endpoints/account';
import { createAppleApi } from './endpoints/apple-api';
import type { AppleDevicePage } from './endpoints/device';
import { getDeviceDetails, type AppleDeviceDetail } from './endpoints/device-details';
import { fetchDevices, syncDevices, type DevicePageOptions } from './endpoints/device-pages';
import { disownDevices } from './endpoints/disown-devices';
import type { AppleProfile, AppleProfileRequest } from './endpoints/profile';
import { assignProfile, defineProfile, getProfile, removeProfile, type AssignedProfile, type DefinedProfile } from './endpoints/profiles';
import { getReplacementDetails, type AppleReplacementDetails } from './endpoints/replacement-details';
import { maxSerialsPerRequest } from './endpoints/serial-batches';
import { safely } from './client-events';
import { appleBaseUrl, defaultProtocolVersion, defaultUserAgent, type AppleClientOptions } from './client-options';
import { defaultRetryPolicy } from './http/retry-policy';
import { createTransport, defaultTransportOptions } from './http/transport';
import { newNonce } from './session/oauth-signature';
import { createSessions } from './session/session';

/** Apple's DEP API, endpoint by endpoint, in Apple's own field names. Every call takes the token id and an AbortSignal. */
export type AppleClient = Readonly<{
  /** `GET /session` now, or reuse the cached session. */
  openSession(tokenId: string, signal?: AbortSignal): Promise<void>;
  /** Drops the cached session of a token (after its server token changed). */
  forgetSession(tokenId: string): void;
  account(tokenId: string, signal?: AbortSignal): Promise<AppleAccount>;
  fetchDevices(tokenId: string, options?: DevicePageOptions, signal?: AbortSignal): Promise<AppleDevicePage>;
  syncDevices(tokenId: string, options: DevicePageOptions & { cursor: string }, signal?: AbortSignal): Promise<AppleDevicePage>;
  deviceDetails(tokenId: string, serials: readonly string[], signal?: AbortSignal): Promise<Record<string, AppleDeviceDetail>>;
  disownDevices(tokenId: string, serials: readonly string[], signal?: AbortSignal): Promise<Record<string, string>>;
  defineProfile(tokenId: string, profile: AppleProfileRequest, signal?: AbortSignal): Promise<DefinedProfile>;
  getProfile(tokenId: string, profileUuid: string, signal?: AbortSignal): Promise<AppleProfile>;
  assignProfile(tokenId: string, profileUuid: string, serials: readonly string[], signal?: AbortSignal): Promise<AssignedProfile>;
  removeProfile(
    tokenId: string,
    serials: readonly string[],
    options?: { profileUuid?: string },
    signal?: AbortSignal,
  ): Promise<Record<string, string>>;
  setAccountDrivenEnrollmentProfile(tokenId: string, serviceDiscoveryUrl: string, signal?: AbortSignal): Promise<void>;
  getAccountDrivenEnrollmentProfile(tokenId: string, signal?: AbortSignal): Promise<AppleAccountDrivenEnrollmentProfile | null>;
  removeAccountDrivenEnrollmentProfile(tokenId: string, signal?: AbortSignal): Promise<void>;
  escrowActivationLock(tokenId: string, request: AppleActivationLockRequest, signal?: AbortSignal): Promise<AppleActivationLockStatus>;
  /** `GET /device/replacementDetails`: the device a replacement device replaces; null on Apple's 404 (no replacement record). */
  replacementDetails(tokenId: string, serial: string, signal?: AbortSignal): Promise<AppleReplacementDetails | null>;
}>;

export const createAppleClient = (options: AppleClientOptions): AppleClient => {
  const defaults = defaultTransportOptions();
  const now = options.now ?? defaults.now;
  const observe = safely(options.observe);
  const transport = createTransport({
    ...defaults,
    baseUrl: options.baseUrl ?? appleBaseUrl,
    userAgent: options.userAgent ?? defaultUserAgent,
    protocolVersion: options.protocolVersion ?? defaultProtocolVersion,
    retry: { ...defaultRetryPolicy, ...options.retry },
    attemptTimeoutMs: options.attemptTimeoutMs ?? defaults.attemptTimeoutMs,
    responseLimits: { ...defaults.responseLimits, ...options.maxResponseBytes },
    sleep: options.sleep ?? defaults.sleep,
    random: options.random ?? defaults.random,
    now,
    fetch: options.fetch ?? defaults.fetch,
    observe,
  });
  const sessions = createSessions({
    transport,
    credentials: options.credentials,
    oauthRealm: options.oauthRealm === undefined ? 'ADM' : options.oauthRealm,
    now,
    nonce: options.nonce ?? newNonce,
    sessionMaxAgeMs: options.sessionMaxAgeMs ?? null,
    observe,
  });
  const api = createAppleApi(sessions);

  const limits = new Map<string, { fetch: ApplePageLimit | null; sync: ApplePageLimit | null }>();
  const account = async (tokenId: string, signal?: AbortSignal) => {
    const detail = await getAccount(api, tokenId, signal);
    limits.set(tokenId, { fetch: advertisedLimit(detail, '/server/devices'), sync: advertisedLimit(detail, '/devices/sync') });
    return detail;
  };
  const pageLimit = async (tokenId: string, kind: 'fetch' | 'sync', requested: number | undefined, signal?: AbortSignal) => {
    if (!limits.has(tokenId) && (options.discoverPageLimits ?? true)) await account(tokenId, signal);
    const advertised = limits.get(tokenId)?.[kind] ?? null;
    const maximum = advertised?.maximum ?? maxSerialsPerRequest;
    const wanted = requested ?? advertised?.default ?? options.defaultPageLimit ?? maxSerialsPerRequest;
    return Math.max(1, Math.min(wanted, maximum));
  };
  const batchSize = Math.max(1, Math.min(options.assignBatchSize ?? maxSerialsPerRequest, maxSerialsPerRequest));

  return {
    openSession: (tokenId, signal) => sessions.open(tokenId, signal),
    forgetSession: (tokenId) => sessions.forget(tokenId),
    account,
    fetchDevices: async (tokenId, page = {}, signal) =>
      fetchDevices(api, tokenId, { cursor: page.cursor, limit: await pageLimit(tokenId, 'fetch', page.limit, signal) }, signal),
    syncDevices: async (tokenId, page, signal) =>
      syncDevices(api, tokenId, { cursor: page.cursor, limit: await pageLimit(tokenId, 'sync', page.limit, signal) }, signal),
    deviceDetails: (tokenId, serials, signal) => getDeviceDetails(api, tokenId, serials, signal),
    disownDevices: (tokenId, serials, signal) => disownDevices(api, tokenId, serials, signal),
    defineProfile: (tokenId, profile, signal) => defineProfile(api, tokenId, profile, signal),
    getProfile: (tokenId, profileUuid, signal) => getProfile(api, tokenId, profileUuid, signal),
    assignProfile: (tokenId, profileUuid, serials, signal) =>
      assignProfile(api, tokenId, { profileUuid, serials, method: options.assignMethod ?? 'POST', batchSize }, signal),
    removeProfile: (tokenId, serials, removal = {}, signal) =>
      removeProfile(api, tokenId, { serials, profileUuid: removal.profileUuid }, signal),
    setAccountDrivenEnrollmentProfile: (tokenId, url, signal) => setAccountDrivenEnrollmentProfile(api, tokenId, url, signal),
    getAccountDrivenEnrollmentProfile: (tokenId, signal) => getAccountDrivenEnrollmentProfile(api, tokenId, signal),
    removeAccountDrivenEnrollmentProfile: (tokenId, signal) => removeAccountDrivenEnrollmentProfile(api, tokenId, signal),
    escrowActivationLock: (tokenId, request, signal) => escrowActivationLock(api, tokenId, request, signal),
    replacementDetails: (tokenId, serial, signal) => getReplacementDetails(api, tokenId, serial, signal),
  };
};
