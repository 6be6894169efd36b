import type { Command } from '../handling/decider';
import type { DeviceDetails } from './device-events';

/** One device record from Apple's feed, with personal data already swapped for vault references. */
export type AppleDeviceFact = Readonly<{
  serial: string;
  details: DeviceDetails;
  operation: 'added' | 'modified' | 'deleted' | null;
  operationDate: string | null;
  /** Apple's `released_by_replacement` (protocol 10, with `deleted`). */
  releasedByReplacement?: boolean | null;
}>;

export type ApplyAppleRecord = Command<
  'ApplyAppleRecord',
  { tokenId: string; fact: AppleDeviceFact; observedAt: string; runId: string | null }
>;
export type ReleaseDevice = Command<
  'ReleaseDevice',
  { serial: string; tokenId: string; reason: 'absent_from_full_fetch' | 'disowned'; observedAt: string; runId: string | null }
>;
export type RequestProfileAssignment = Command<
  'RequestProfileAssignment',
  {
    serial: string;
    tokenId: string;
    profileId: string;
    profileVersion: number;
    profileUuid: string;
    reason: 'default_profile' | 'routing_rule' | 'manual' | 'profile_revised' | 'retry';
    /** The routing rule's position (1-based), for `routing_rule`. */
    rule?: number;
  }
>;
export type RecordAssignmentOutcome = Command<
  'RecordAssignmentOutcome',
  {
    serial: string;
    profileUuid: string;
    outcome: 'assigned' | 'not_accessible' | 'failed' | 'throttled';
    retryAfterSeconds: number | null;
    /** How long a FAILED (or THROTTLED without retry_after_seconds) assignment waits: 24 hours by default. */
    failedRetryDelayMs?: number;
  }
>;
export type RecordEnrollment = Command<'RecordEnrollment', { serial: string; enrolledAt: string; userRef: string | null }>;
export type UnenrollDevice = Command<'UnenrollDevice', { serial: string; reason: string }>;

/** Apple answered SUCCESS to a disown (the service calls Apple first): record it. */
export type RecordDisown = Command<'RecordDisown', { serial: string; tokenId: string; reason: string }>;
/** Apple answered SUCCESS to clearing the device's profile: record it. */
export type RecordProfileCleared = Command<'RecordProfileCleared', { serial: string; tokenId: string; reason: string }>;
/** Apple's replacement details for a device that replaces another. */
export type RecordReplacement = Command<
  'RecordReplacement',
  { serial: string; tokenId: string; originalSerial: string; replacedOn: string | null }
>;

/** Apple answered SUCCESS to an activation lock escrow: the secrets are already in the vault. */
export type RecordActivationLock = Command<
  'RecordActivationLock',
  { serial: string; tokenId: string; escrowKeyRef: string | null; bypassCodeRef: string | null; lostMessage: boolean }
>;

export type DeviceCommand =
  | RecordActivationLock
  | ApplyAppleRecord
  | ReleaseDevice
  | RequestProfileAssignment
  | RecordAssignmentOutcome
  | RecordEnrollment
  | UnenrollDevice
  | RecordDisown
  | RecordProfileCleared
  | RecordReplacement;
