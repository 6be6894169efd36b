import type { ProfileSettings } from '../profile/profile-settings';

/**
 * What the domain needs from Apple's DEP service, in the domain's words. `@depledger/apple`
 * implements it over HTTP; tests may implement it in memory. Every call takes an AbortSignal: the
 * sync deadline is enforced through it.
 *
 * Failures are thrown as `GatewayError` (see gateway-error.ts) with a domain code; per-device
 * outcomes (assigned, throttled, not accessible, ...) are results, never exceptions.
 */
export interface DepGateway {
  account(tokenId: string, signal?: AbortSignal): Promise<DepAccount>;
  /** A page of every device assigned to the server (Apple's fetch). No cursor starts a new snapshot. */
  fetchDevices(request: DevicePageRequest, signal?: AbortSignal): Promise<DevicePage>;
  /** A page of changes since the cursor (Apple's sync). */
  syncDevices(request: DevicePageRequest & { cursor: string }, signal?: AbortSignal): Promise<DevicePage>;
  deviceDetails(
    tokenId: string,
    serials: readonly string[],
    signal?: AbortSignal,
  ): Promise<ReadonlyMap<string, DeviceRecord | 'not_accessible'>>;
  /** Defines a profile at Apple; Apple answers with a new, immutable UUID. */
  defineProfile(tokenId: string, settings: ProfileSettings, signal?: AbortSignal): Promise<{ profileUuid: string }>;
  /** Assigns a profile to at most 1000 serials (callers batch). */
  assignProfile(tokenId: string, profileUuid: string, serials: readonly string[], signal?: AbortSignal): Promise<AssignmentReport>;
  removeProfile(tokenId: string, serials: readonly string[], signal?: AbortSignal): Promise<ReadonlyMap<string, DeviceOperationResult>>;
  disownDevices(tokenId: string, serials: readonly string[], signal?: AbortSignal): Promise<ReadonlyMap<string, DeviceOperationResult>>;
  /** Sets the MDM server's account-driven enrollment profile: the MDM service discovery URL (`POST /account-driven-enrollment/profile`). */
  setAccountDrivenEnrollmentProfile(tokenId: string, serviceDiscoveryUrl: string, signal?: AbortSignal): Promise<void>;
  /** The account-driven enrollment profile Apple holds for the MDM server, or null when it holds none (`GET`). */
  accountDrivenEnrollmentProfile(tokenId: string, signal?: AbortSignal): Promise<AccountDrivenEnrollmentProfile | null>;
  /** Removes the MDM server's account-driven enrollment profile (`DELETE`). */
  removeAccountDrivenEnrollmentProfile(tokenId: string, signal?: AbortSignal): Promise<void>;
  /**
   * Enables Activation Lock on one device (`POST /device/activationlock`): the escrow key (Apple's
   * 64-hex hash of a bypass code) when given, else the lock belongs to the account that created the
   * MDM server. Apple's per-device answer is a result, not an exception.
   */
  escrowActivationLock(tokenId: string, request: ActivationLockRequest, signal?: AbortSignal): Promise<ActivationLockResult>;
  /**
   * Apple's replacement details of a device that replaces another (`GET /device/replacementDetails`,
   * protocol 10): the original device's serial and the day of the replacement. Null when Apple
   * holds no replacement record for it (its 404 `DEVICE_NOT_FOUND`: not a replacement device, or
   * not on this server).
   */
  replacementDetails(tokenId: string, serial: string, signal?: AbortSignal): Promise<ReplacementDetails | null>;
  /**
   * Drops what the gateway cached for a token's previous server token (its session), called once a
   * new server token is recorded: the next call must speak with the new one. Optional.
   */
  forgetSession?(tokenId: string): void | Promise<void>;
}

export type DepAccount = Readonly<{
  serverName: string;
  serverUuid: string;
  orgName: string;
  orgId: string | null;
  orgType: string | null;
  orgVersion: string | null;
  /** The Apple Account that generated the current token (an e-mail: personal data). */
  adminId: string | null;
  /** Page size limits Apple advertises for fetch and sync, when it does. */
  pageLimits: Readonly<{ fetch: PageLimit | null; sync: PageLimit | null }>;
}>;

export type ActivationLockRequest = Readonly<{ serial: string; escrowKey: string | null; lostMessage: string | null }>;
/** Apple's `response_status` for an activation lock request, in the domain's words. */
export type ActivationLockResult =
  'success' | 'not_accessible' | 'org_not_supported' | 'device_not_supported' | 'device_already_locked' | 'failed';

/** Apple's GetReplacementDetailsResponse in the domain's words; `replacedOn` is a day (`2025-01-15`), null when Apple gives none. */
export type ReplacementDetails = Readonly<{ serial: string; originalSerial: string; replacedOn: string | null }>;

/** Apple's account-driven enrollment profile of an MDM server. */
export type AccountDrivenEnrollmentProfile = Readonly<{ serviceDiscoveryUrl: string; lastUpdatedAt: string | null }>;

export type PageLimit = Readonly<{ default: number; maximum: number }>;

export type DevicePageRequest = Readonly<{ tokenId: string; cursor?: string; limit?: number }>;

export type DevicePage = Readonly<{
  devices: readonly DeviceRecord[];
  cursor: string;
  fetchedUntil: string | null;
  moreToFollow: boolean;
}>;

export type ProfileStatus = 'empty' | 'assigned' | 'pushed' | 'removed';
export type AppleOperation = 'added' | 'modified' | 'deleted';

/** One device as Apple reports it. Absent and zero dates are null. */
export type DeviceRecord = Readonly<{
  serial: string;
  model: string | null;
  description: string | null;
  color: string | null;
  assetTag: string | null;
  os: string | null;
  family: string | null;
  profileStatus: ProfileStatus | null;
  profileUuid: string | null;
  profileAssignedAt: string | null;
  profilePushedAt: string | null;
  assignedAt: string | null;
  /** Who assigned it in Apple's portal (an e-mail: personal data; the sync engine stores a vault reference). */
  assignedBy: string | null;
  mdmMigrationDeadline: string | null;
  /** X-Server-Protocol-Version 10 fields; a gateway that does not read them leaves them out. */
  isReplacementDevice?: boolean | null;
  /** Sync only, with `deleted`: the device left because another replaced it. */
  releasedByReplacement?: boolean | null;
  imei?: readonly string[] | null;
  meid?: readonly string[] | null;
  eid?: string | null;
  wifiMacAddress?: string | null;
  bluetoothMacAddress?: string | null;
  ethernetMacAddress?: string | null;
  /** Sync only; null in fetch results. */
  operation: AppleOperation | null;
  operationDate: string | null;
}>;

export type AssignmentOutcome = 'assigned' | 'not_accessible' | 'failed' | 'throttled';

export type AssignmentReport = Readonly<{
  profileUuid: string;
  results: ReadonlyMap<string, AssignmentOutcome>;
  /** Apple's `retry_after_seconds` (protocol 10) when any device was throttled. */
  retryAfterSeconds: number | null;
}>;

export type DeviceOperationResult = 'success' | 'not_accessible' | 'failed';
