import { z } from 'zod';
import type { Event } from '../events/event';
import { streamPrefixes } from '../events/stream-names';
import { defineEvent } from '../serde/event-catalogue';
import { isoDate, serial, vaultRef } from '../serde/schemas';

/** An API account of Apple School or Business Manager, as depledger names it (the administrator chooses). */
export const businessAccountId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, '1–64 letters, digits, dot, dash or underscore');
const clientId = z
  .string()
  .regex(/^(BUSINESSAPI|SCHOOLAPI)\.[A-Za-z0-9-]{1,64}$/, 'a client id that starts with BUSINESSAPI. or SCHOOLAPI.');
const text = z.string().nullable();

/** What the organisation's inventory says of a device (Apple's values, never personal data). */
export const orgDeviceFacts = z.object({
  orderNumber: text,
  model: text,
  productFamily: text,
  partNumber: text,
  color: text,
  /** ASSIGNED or UNASSIGNED to an MDM server, at Apple. */
  status: text,
  /** The MDM server Apple has it assigned to (the id the API and the DEP token's account share), when known. */
  assignedServerId: text,
  addedToOrgAt: isoDate.nullable(),
  /**
   * A device management service migration under way at Apple: REQUESTED, STARTED, SUCCESS or FAILED
   * (Apple's `mdmMigrationStatus`); null when none was asked for. Absent from events recorded before it.
   */
  migrationStatus: text.optional(),
  /** The migration's deadline (Apple's `mdmMigrationDeadlineDateTime`); null when none. Absent from events recorded before it. */
  migrationDeadline: isoDate.nullable().optional(),
});

export const appleCareCoverage = z.object({
  coverageId: z.string(),
  description: text,
  status: text,
  paymentType: text,
  startsAt: isoDate.nullable(),
  endsAt: isoDate.nullable(),
  renewable: z.boolean().nullable(),
  canceled: z.boolean().nullable(),
});

const assignmentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);

export const businessEventDefinitions = [
  defineEvent({
    type: 'BusinessAccountConnected',
    version: 1,
    aggregate: 'BusinessAccount',
    description:
      'An Apple School or Business Manager API account was connected: its client id and key id; the private key went to the vault. Connecting again replaces the key.',
    schema: z.object({
      accountId: businessAccountId,
      clientId,
      keyId: z.string().min(1),
      scope: z.enum(['business.api', 'school.api']),
      privateKeyRef: vaultRef,
      /** When the account's key stops working, as the account's page shows it; absent or null when not given. */
      expiresAt: isoDate.nullable().optional(),
    }),
  }),
  defineEvent({
    type: 'BusinessAccountExpiring',
    version: 1,
    aggregate: 'BusinessAccount',
    description:
      "The API account's credentials crossed a warning threshold (30, 7 or 1 days before they expire, as for a server token): connect it again with a new key before then.",
    schema: z.object({
      accountId: businessAccountId,
      expiresAt: isoDate,
      threshold: z.number().int().positive(),
      daysLeft: z.number().int(),
    }),
  }),
  defineEvent({
    type: 'BusinessAccountExpired',
    version: 1,
    aggregate: 'BusinessAccount',
    description:
      "The API account's credentials reached their expiry: Apple will refuse them until the account is connected with a new key.",
    schema: z.object({ accountId: businessAccountId, expiredAt: isoDate }),
  }),
  defineEvent({
    type: 'BusinessAccountRefused',
    version: 1,
    aggregate: 'BusinessAccount',
    description:
      "Apple refused the account's credentials (wrong key id, another key, a revoked account): calls fail until it is connected again with a working key.",
    schema: z.object({ accountId: businessAccountId, code: z.string(), httpStatus: z.number().int().nullable() }),
  }),
  defineEvent({
    type: 'OrgDeviceSeen',
    version: 1,
    aggregate: 'OrgDevice',
    description: "A device showed in the organisation's inventory for the first time (through the API account).",
    schema: z.object({ serial, accountId: businessAccountId, facts: orgDeviceFacts }),
  }),
  defineEvent({
    type: 'OrgDeviceChanged',
    version: 1,
    aggregate: 'OrgDevice',
    description:
      'What the inventory says of a device changed (its assignment status, order, model…): the changed fields with their new values.',
    schema: z.object({ serial, accountId: businessAccountId, changed: orgDeviceFacts.partial() }),
  }),
  defineEvent({
    type: 'OrgDeviceReleased',
    version: 1,
    aggregate: 'OrgDevice',
    description: "The device left the organisation's inventory (released, or no longer listed).",
    schema: z.object({ serial, accountId: businessAccountId, releasedAt: isoDate.nullable() }),
  }),
  defineEvent({
    type: 'AppleCareCoverageRecorded',
    version: 1,
    aggregate: 'OrgDevice',
    description:
      "The device's AppleCare coverage as Apple lists it (the limited warranty included), recorded when it differs from the last one.",
    schema: z.object({ serial, accountId: businessAccountId, coverages: z.array(appleCareCoverage) }),
  }),
  defineEvent({
    type: 'DeviceAssignmentRequested',
    version: 1,
    aggregate: 'DeviceAssignment',
    description:
      "Devices were sent to Apple to be assigned to an MDM server (step 6 without the portal); Apple's activities carry it out later.",
    schema: z.object({
      assignmentId,
      accountId: businessAccountId,
      serverId: z.string().min(1),
      serials: z.array(serial).min(1),
      selection: z.object({ kind: z.enum(['serials', 'order', 'csv']), orderNumber: z.string().nullable() }),
      activityIds: z.array(z.string().min(1)).min(1),
      /**
       * Set when the devices move from another MDM server with a migration deadline (Apple's
       * ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE): by then each device re-enrolls with the new
       * server without being erased. Absent for a plain assignment.
       */
      migrationDeadline: isoDate.optional(),
    }),
  }),
  defineEvent({
    type: 'DeviceAssignmentCompleted',
    version: 1,
    aggregate: 'DeviceAssignment',
    description: "Apple's activities finished: which devices are now assigned to the server and which are not.",
    schema: z.object({
      assignmentId,
      assigned: z.array(serial),
      failed: z.array(serial),
      activities: z.array(z.object({ activityId: z.string(), status: z.string(), subStatus: z.string().nullable() })),
    }),
  }),
  defineEvent({
    type: 'DeviceRemovalRequested',
    version: 1,
    aggregate: 'DeviceRemoval',
    description:
      "Devices were sent to Apple to be unassigned from an MDM server (`from: 'server'`) or released from the organisation for good (`from: 'organisation'`, confirmed by the administrator); Apple's activities carry it out later.",
    schema: z.object({
      removalId: assignmentId,
      accountId: businessAccountId,
      from: z.enum(['server', 'organisation']),
      /** The server unassigned from; null for a release. */
      serverId: z.string().min(1).nullable(),
      serials: z.array(serial).min(1),
      selection: z.object({ kind: z.enum(['serials', 'order', 'csv']), orderNumber: z.string().nullable() }),
      activityIds: z.array(z.string().min(1)).min(1),
    }),
  }),
  defineEvent({
    type: 'DeviceRemovalCompleted',
    version: 1,
    aggregate: 'DeviceRemoval',
    description: "Apple's activities finished: which devices left the server (or the organisation) and which did not.",
    schema: z.object({
      removalId: assignmentId,
      removed: z.array(serial),
      failed: z.array(serial),
      activities: z.array(z.object({ activityId: z.string(), status: z.string(), subStatus: z.string().nullable() })),
    }),
  }),
  defineEvent({
    type: 'MigrationChangeRequested',
    version: 1,
    aggregate: 'MigrationChange',
    description:
      "A device management service migration under way was changed at Apple: its deadline moved (`change: 'deadline'`, Apple's UPDATE_MDM_MIGRATION_DEADLINE; an earlier or past deadline is enforced at once) or the migration cancelled (`change: 'cancel'`, CANCEL_MDM_MIGRATION: the devices go back to their former server); Apple's activities carry it out later.",
    schema: z.object({
      changeId: assignmentId,
      accountId: businessAccountId,
      change: z.enum(['deadline', 'cancel']),
      /** The new deadline; null for a cancellation. */
      deadline: isoDate.nullable(),
      serials: z.array(serial).min(1),
      selection: z.object({ kind: z.enum(['serials', 'order', 'csv']), orderNumber: z.string().nullable() }),
      activityIds: z.array(z.string().min(1)).min(1),
    }),
  }),
  defineEvent({
    type: 'MigrationChangeCompleted',
    version: 1,
    aggregate: 'MigrationChange',
    description:
      "Apple's activities finished: the devices whose migration took the change, and those Apple refused it for (no migration under way for them).",
    schema: z.object({
      changeId: assignmentId,
      changed: z.array(serial),
      failed: z.array(serial),
      activities: z.array(z.object({ activityId: z.string(), status: z.string(), subStatus: z.string().nullable() })),
    }),
  }),
] as const;

type DataOf<T extends string> = z.infer<Extract<(typeof businessEventDefinitions)[number], { type: T }>['schema']>;
type BusinessEventOf<T extends (typeof businessEventDefinitions)[number]['type']> = Event<T, DataOf<T>>;

export type BusinessAccountConnected = BusinessEventOf<'BusinessAccountConnected'>;
export type BusinessAccountRefused = BusinessEventOf<'BusinessAccountRefused'>;
export type OrgDeviceSeen = BusinessEventOf<'OrgDeviceSeen'>;
export type OrgDeviceChanged = BusinessEventOf<'OrgDeviceChanged'>;
export type OrgDeviceReleased = BusinessEventOf<'OrgDeviceReleased'>;
export type AppleCareCoverageRecorded = BusinessEventOf<'AppleCareCoverageRecorded'>;
export type DeviceAssignmentRequested = BusinessEventOf<'DeviceAssignmentRequested'>;
export type DeviceAssignmentCompleted = BusinessEventOf<'DeviceAssignmentCompleted'>;

export type BusinessAccountExpiring = BusinessEventOf<'BusinessAccountExpiring'>;
export type BusinessAccountExpired = BusinessEventOf<'BusinessAccountExpired'>;
export type BusinessAccountEvent = BusinessAccountConnected | BusinessAccountRefused | BusinessAccountExpiring | BusinessAccountExpired;
export type OrgDeviceEvent = OrgDeviceSeen | OrgDeviceChanged | OrgDeviceReleased | AppleCareCoverageRecorded;
export type DeviceAssignmentEvent = DeviceAssignmentRequested | DeviceAssignmentCompleted;
export type DeviceRemovalRequested = BusinessEventOf<'DeviceRemovalRequested'>;
export type DeviceRemovalCompleted = BusinessEventOf<'DeviceRemovalCompleted'>;
export type DeviceRemovalEvent = DeviceRemovalRequested | DeviceRemovalCompleted;
export type MigrationChangeRequested = BusinessEventOf<'MigrationChangeRequested'>;
export type MigrationChangeCompleted = BusinessEventOf<'MigrationChangeCompleted'>;
export type MigrationChangeEvent = MigrationChangeRequested | MigrationChangeCompleted;
export type OrgDeviceFacts = z.infer<typeof orgDeviceFacts>;
export type AppleCareCoverageFacts = z.infer<typeof appleCareCoverage>;

/** The stream of an API account: `dep-business-account-<accountId>` (before: `business-account-<accountId>`, still read). */
export const businessAccountStream = (accountId: string): string => `${streamPrefixes.businessAccount}${accountId}`;
/** The stream of a device of the organisation's inventory: `dep-org-device-<serial>` (before: `org-device-<serial>`, still read). */
export const orgDeviceStream = (serialNumber: string): string => `${streamPrefixes.orgDevice}${serialNumber}`;
/** The stream of an assignment: `dep-business-assignment-<id>` (before: `device-assignment-<id>`, still read). */
export const deviceAssignmentStream = (id: string): string => `${streamPrefixes.deviceAssignment}${id}`;
/** The stream of a removal (unassign or release): `dep-business-removal-<id>`. */
export const deviceRemovalStream = (id: string): string => `${streamPrefixes.deviceRemoval}${id}`;
/** The stream of a change to migrations under way (a new deadline, or a cancellation): `dep-business-migration-<id>`. */
export const migrationChangeStream = (id: string): string => `${streamPrefixes.migrationChange}${id}`;
