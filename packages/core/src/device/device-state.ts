import type { DeviceDetails } from './device-events';

export type AssignmentState = Readonly<{
  state: 'pending' | 'assigned' | 'failed' | 'not_accessible' | 'throttled';
  profileId: string;
  profileVersion: number;
  profileUuid: string;
  retryAt: string | null;
  since: string;
  /** Apple's `device_assigned_date` when the profile was asked for: a later one means unassigned and assigned again. */
  serverAssignedAt?: string | null;
}>;

type Known = Readonly<{
  serial: string;
  tokenId: string;
  details: DeviceDetails;
  /** The latest Apple operation date applied: older facts change nothing. */
  lastAppleDate: string | null;
  assignment: AssignmentState | null;
  enrollment: Readonly<{ enrolledAt: string; profileUuid: string | null; userRef: string | null }> | null;
  /** The device it replaces (Apple's replacement details), when it is a replacement. */
  replacement?: Readonly<{ originalSerial: string; replacedOn: string | null }> | null;
  /** Activation Lock escrowed at Apple by depledger: vault references of the escrow key and bypass code. */
  activationLock?: Readonly<{ escrowKeyRef: string | null; bypassCodeRef: string | null; since: string }> | null;
}>;

export type DeviceState =
  | Readonly<{ status: 'unknown' }>
  | (Known & Readonly<{ status: 'assigned' }>)
  | (Known & Readonly<{ status: 'released'; releasedReason: string }>);
