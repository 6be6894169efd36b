import type { AppleCareCoverageFacts, OrgDeviceFacts } from './business-events';

/** Which API account a call is made with; the gateway reads the private key from the vault by its reference. */
export type BusinessAccountRef = Readonly<{ accountId: string; clientId: string; keyId: string; privateKeyRef: string }>;

/** A device as Apple lists it; `assignedServerId` is null here (the service fills it from the servers' device lists). */
export type OrgDeviceRecord = Readonly<{ serial: string; facts: OrgDeviceFacts; releasedAt: string | null }>;
export type OrgServerRecord = Readonly<{ serverId: string; name: string | null; serverType: string | null }>;
export type BusinessAssignmentProgress = Readonly<{ completed: number; total: number }>;
export type BusinessAssignmentResult = Readonly<{
  assigned: readonly string[];
  failed: readonly string[];
  activities: ReadonlyArray<{ activityId: string; status: string; subStatus: string | null }>;
}>;

export type BusinessRemovalResult = Readonly<{
  /** Devices no longer on the server (unassign) or no longer in the organisation (release). */
  removed: readonly string[];
  failed: readonly string[];
  activities: ReadonlyArray<{ activityId: string; status: string; subStatus: string | null }>;
}>;
/** Where devices leave: their MDM server (Apple's UNASSIGN_DEVICES) or the organisation, for good (RELEASE_DEVICES). */
export type BusinessRemovalInput = Readonly<{ from: 'server' | 'organisation'; serverId: string | null; serials: readonly string[] }>;

/** A change to migrations under way: a new deadline (`deadline` set), or a cancellation (`deadline` null). */
export type BusinessMigrationChangeInput = Readonly<{ change: 'deadline' | 'cancel'; deadline: string | null; serials: readonly string[] }>;
export type BusinessMigrationChangeResult = Readonly<{
  /** Devices whose migration now has the new deadline (or is cancelled). */
  changed: readonly string[];
  /** Devices Apple did not change (no migration under way for them). */
  failed: readonly string[];
  activities: ReadonlyArray<{ activityId: string; status: string; subStatus: string | null }>;
}>;

/**
 * The port to Apple School and Business Manager's API (`createBusinessGateway` in @depledger/apple).
 * Failures are DepledgerErrors; `BUSINESS_AUTH_REFUSED` means Apple refused the account's key.
 */
export type BusinessGateway = Readonly<{
  orgDevices(account: BusinessAccountRef, signal?: AbortSignal): Promise<OrgDeviceRecord[]>;
  appleCareCoverage(account: BusinessAccountRef, serial: string, signal?: AbortSignal): Promise<AppleCareCoverageFacts[]>;
  mdmServers(account: BusinessAccountRef, signal?: AbortSignal): Promise<OrgServerRecord[]>;
  /** The serials of the devices Apple has assigned to a server. */
  mdmServerDevices(account: BusinessAccountRef, serverId: string, signal?: AbortSignal): Promise<string[]>;
  /** Starts Apple's activities; resolves with their ids as soon as Apple accepted them. */
  startAssignment(
    account: BusinessAccountRef,
    /** With `migrationDeadline`, Apple's ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE: the devices migrate from their server by then. */
    input: { serverId: string; serials: readonly string[]; migrationDeadline?: string },
    signal?: AbortSignal,
  ): Promise<{ activityIds: string[] }>;
  /** Waits for the activities, then tells which devices reached the server. */
  finishAssignment(
    account: BusinessAccountRef,
    input: {
      serverId: string;
      serials: readonly string[];
      activityIds: readonly string[];
      onProgress?: (progress: BusinessAssignmentProgress) => void;
      signal?: AbortSignal;
    },
  ): Promise<BusinessAssignmentResult>;
  /** Starts Apple's unassign or release activities; resolves with their ids as soon as Apple accepted them. */
  startRemoval(account: BusinessAccountRef, input: BusinessRemovalInput, signal?: AbortSignal): Promise<{ activityIds: string[] }>;
  /** Waits for the activities, then tells which devices left the server (or the organisation). */
  finishRemoval(
    account: BusinessAccountRef,
    input: BusinessRemovalInput & {
      activityIds: readonly string[];
      onProgress?: (progress: BusinessAssignmentProgress) => void;
      signal?: AbortSignal;
    },
  ): Promise<BusinessRemovalResult>;
  /** Starts Apple's UPDATE_MDM_MIGRATION_DEADLINE or CANCEL_MDM_MIGRATION activities; resolves with their ids once Apple accepted them. */
  startMigrationChange(
    account: BusinessAccountRef,
    input: BusinessMigrationChangeInput,
    signal?: AbortSignal,
  ): Promise<{ activityIds: string[] }>;
  /** Waits for the activities, then tells which devices' migrations took the change. */
  finishMigrationChange(
    account: BusinessAccountRef,
    input: BusinessMigrationChangeInput & {
      activityIds: readonly string[];
      onProgress?: (progress: BusinessAssignmentProgress) => void;
      signal?: AbortSignal;
    },
  ): Promise<BusinessMigrationChangeResult>;
  /** A completed activity's per-device log, as the CSV Apple's `downloadUrl` gives; null while Apple offers none (not completed). */
  activityLog(account: BusinessAccountRef, activityId: string, signal?: AbortSignal): Promise<string | null>;
}>;
