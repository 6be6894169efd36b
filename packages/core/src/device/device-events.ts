import { z } from 'zod';
import type { Event } from '../events/event';
import { defineEvent } from '../serde/event-catalogue';
import { isoDate, profileUuid, serial, tokenId, vaultRef } from '../serde/schemas';
import { streamPrefixes } from '../events/stream-names';
import { sharedString } from './shared-strings';

/** What Apple tells about a device, as depledger keeps it. Personal data (who assigned it) is a vault reference. */
export const deviceDetailsSchema = z.object({
  model: z.string().nullable(),
  description: z.string().nullable(),
  color: z.string().nullable(),
  assetTag: z.string().nullable(),
  os: z.string().nullable(),
  family: z.string().nullable(),
  profileStatus: z.enum(['empty', 'assigned', 'pushed', 'removed']).nullable(),
  profileUuid: z.string().nullable(),
  profileAssignedAt: isoDate.nullable(),
  profilePushedAt: isoDate.nullable(),
  assignedAt: isoDate.nullable(),
  assignedByRef: vaultRef.nullable(),
  // Absent when Apple gave none (events recorded before stored it as null; both read as null).
  mdmMigrationDeadline: isoDate.nullable().optional(),
  // X-Server-Protocol-Version 10: absent when Apple did not send them (events recorded before kept them as null).
  /** Apple's `is_replacement_device`: the device replaces another one (see `DeviceReplacementRecorded`). */
  isReplacementDevice: z.boolean().nullable().optional(),
  /** Apple's `imei`. */
  imei: z.array(z.string()).nullable().optional(),
  /** Apple's `meid`. */
  meid: z.array(z.string()).nullable().optional(),
  /** Apple's `eid` (the eSIM's identifier). */
  eid: z.string().nullable().optional(),
  /** Apple's `wifi_mac_address`. */
  wifiMacAddress: z.string().nullable().optional(),
  /** Apple's `bluetooth_mac_address`. */
  bluetoothMacAddress: z.string().nullable().optional(),
  /** Apple's `ethernet_mac_address`. */
  ethernetMacAddress: z.string().nullable().optional(),
});
export type DeviceDetails = z.infer<typeof deviceDetailsSchema>;

/** The fields a device fact leaves out when Apple gave none; a device's state reads each as null. */
export const givenOnlyDetailKeys = [
  'mdmMigrationDeadline',
  'isReplacementDevice',
  'imei',
  'meid',
  'eid',
  'wifiMacAddress',
  'bluetoothMacAddress',
  'ethernetMacAddress',
] as const satisfies readonly (keyof DeviceDetails)[];

/** A detail as a state holds it: the change's value when `changes` has one, else the details' own, else null. */
const detailOf = <K extends keyof DeviceDetails>(details: DeviceDetails, changes: Partial<DeviceDetails> | undefined, key: K) => {
  const value = changes !== undefined && changes[key] !== undefined ? changes[key] : details[key];
  return value === undefined ? null : value;
};

/**
 * A fact's details as a device's state holds them: every field of `deviceDetailsSchema` present,
 * absent ones as null; with `changes`, those fields changed. Built as one object literal, so that
 * every state's details share one hidden class with their fields inside the object: a copy that
 * gained its fields one by one (`Object.assign`, then the absent ones) went to V8's dictionary
 * mode past twelve added fields, ~0.8 KB more per device held (~84 MB for a sync's 100,000 known
 * devices), and a spread copy got a hidden class of its own each time (~20 µs a device).
 */
export const detailsAsState = (details: DeviceDetails, changes?: Partial<DeviceDetails>): DeviceDetails => {
  // `satisfies`: a field added to the schema and not here fails to compile; the fields that repeat
  // from device to device are shared strings (the serial-like ones — asset tag, IMEI, MAC addresses — are not)
  const state = {
    model: sharedString(detailOf(details, changes, 'model')),
    description: sharedString(detailOf(details, changes, 'description')),
    color: sharedString(detailOf(details, changes, 'color')),
    assetTag: detailOf(details, changes, 'assetTag'),
    os: sharedString(detailOf(details, changes, 'os')),
    family: sharedString(detailOf(details, changes, 'family')),
    profileStatus: sharedString(detailOf(details, changes, 'profileStatus')),
    profileUuid: sharedString(detailOf(details, changes, 'profileUuid')),
    profileAssignedAt: sharedString(detailOf(details, changes, 'profileAssignedAt')),
    profilePushedAt: sharedString(detailOf(details, changes, 'profilePushedAt')),
    assignedAt: sharedString(detailOf(details, changes, 'assignedAt')),
    assignedByRef: sharedString(detailOf(details, changes, 'assignedByRef')),
    mdmMigrationDeadline: sharedString(detailOf(details, changes, 'mdmMigrationDeadline')),
    isReplacementDevice: detailOf(details, changes, 'isReplacementDevice'),
    imei: detailOf(details, changes, 'imei'),
    meid: detailOf(details, changes, 'meid'),
    eid: detailOf(details, changes, 'eid'),
    wifiMacAddress: detailOf(details, changes, 'wifiMacAddress'),
    bluetoothMacAddress: detailOf(details, changes, 'bluetoothMacAddress'),
    ethernetMacAddress: detailOf(details, changes, 'ethernetMacAddress'),
  } satisfies { [K in keyof Required<DeviceDetails>]: unknown };
  return state;
};

/** The fields a device's details changed to: each key in `changed`, its new value (null when absent). */
export const changesOf = (details: DeviceDetails, changed: readonly string[]): Partial<DeviceDetails> => {
  const changes: Record<string, unknown> = {};
  for (const key of changed) changes[key] = (details as Record<string, unknown>)[key] ?? null;
  return changes as Partial<DeviceDetails>;
};

/** DeviceDetailsChanged v1 (every field and the names of those that changed) as v2 (the changes only). */
const onlyTheChanges = (data: Record<string, unknown>): Record<string, unknown> => {
  const { details, changed, ...rest } = data as { details: DeviceDetails; changed: string[] } & Record<string, unknown>;
  return { ...rest, changes: changesOf(details, changed) };
};

/** Where a fact about a device came from in Apple's feed. */
const appleSource = {
  /** `added` / `modified` from sync, `fetched` from a full fetch (which carries no operation). */
  operation: z.enum(['added', 'modified', 'deleted', 'fetched']),
  /** Apple's `op_date` (sync) or the fetch's `fetched_until`: facts older than what a device already has change nothing. */
  operationDate: isoDate.nullable(),
  runId: z.string().nullable(),
};

export const deviceEventDefinitions = [
  defineEvent({
    type: 'DeviceAssignedToServer',
    version: 1,
    aggregate: 'Device',
    description: "Apple reports the device as assigned to the token's MDM server (a new serial, or one coming back).",
    schema: z.object({ serial, tokenId, details: deviceDetailsSchema, ...appleSource }),
  }),
  defineEvent({
    type: 'DeviceDetailsChanged',
    version: 2,
    aggregate: 'Device',
    description:
      "Apple reports different details for a known device (model, OS, Apple's profile status...): `changes` holds the fields that changed, with their new values (null when Apple no longer gives one); the others keep what the device had. Version 1 carried every field and the list of changed ones.",
    schema: z.object({ serial, tokenId, changes: deviceDetailsSchema.partial(), ...appleSource }),
    upcasters: { 1: onlyTheChanges },
  }),
  defineEvent({
    type: 'DeviceReleased',
    version: 1,
    aggregate: 'Device',
    description: "The device is no longer assigned to the token's MDM server.",
    schema: z.object({
      serial,
      tokenId,
      /** `replaced`: Apple's `released_by_replacement` (protocol 10), the device left because another replaced it. */
      reason: z.enum(['deleted_by_apple', 'absent_from_full_fetch', 'disowned', 'replaced']),
      ...appleSource,
    }),
  }),
  defineEvent({
    type: 'ProfileAssignmentRequested',
    version: 1,
    aggregate: 'Device',
    description: 'depledger asked Apple to assign an enrollment profile to the device.',
    schema: z.object({
      serial,
      tokenId,
      profileId: z.string(),
      profileVersion: z.number().int().min(1),
      profileUuid,
      reason: z.enum(['default_profile', 'routing_rule', 'manual', 'profile_revised', 'retry']),
      /** The token's routing rule (its position, from 1) that chose the profile, for `routing_rule`. */
      rule: z.number().int().min(1).optional(),
    }),
  }),
  defineEvent({
    type: 'ProfileAssignmentSucceeded',
    version: 1,
    aggregate: 'Device',
    description: 'Apple assigned the profile to the device.',
    schema: z.object({ serial, tokenId, profileId: z.string(), profileVersion: z.number().int().min(1), profileUuid }),
  }),
  defineEvent({
    type: 'ProfileAssignmentFailed',
    version: 1,
    aggregate: 'Device',
    description: 'Apple refused the assignment: FAILED (retried after 24 hours) or NOT_ACCESSIBLE (not retried).',
    schema: z.object({
      serial,
      tokenId,
      profileId: z.string(),
      profileVersion: z.number().int().min(1),
      profileUuid,
      outcome: z.enum(['failed', 'not_accessible']),
      retryAt: isoDate.nullable(),
    }),
  }),
  defineEvent({
    type: 'ProfileAssignmentThrottled',
    version: 1,
    aggregate: 'Device',
    description: "Apple throttled the assignment; it is retried after Apple's retry_after_seconds (or 24 hours).",
    schema: z.object({
      serial,
      tokenId,
      profileId: z.string(),
      profileVersion: z.number().int().min(1),
      profileUuid,
      retryAt: isoDate,
      retryAfterSeconds: z.number().int().nonnegative().nullable(),
    }),
  }),
  defineEvent({
    type: 'ProfilePushed',
    version: 1,
    aggregate: 'Device',
    description: "Apple's feed shows that the device downloaded its profile during Setup Assistant.",
    schema: z.object({ serial, tokenId, profileUuid: z.string().nullable(), pushedAt: isoDate }),
  }),
  defineEvent({
    type: 'DeviceEnrolled',
    version: 1,
    aggregate: 'Device',
    description: 'The MDM reports that the device checked in and enrolled (the Intune document\'s "Inscrit").',
    schema: z.object({ serial, tokenId, enrolledAt: isoDate, userRef: vaultRef.nullable(), profileUuid: z.string().nullable() }),
  }),
  defineEvent({
    type: 'DeviceUnenrolled',
    version: 1,
    aggregate: 'Device',
    description: 'An administrator unenrolled the device from the MDM (DEP devices cannot unenroll themselves).',
    schema: z.object({ serial, tokenId, reason: z.string().max(500) }),
  }),
  defineEvent({
    type: 'DeviceDisowned',
    version: 1,
    aggregate: 'Device',
    description:
      "An administrator disowned the device (Apple's POST /devices/disown answered SUCCESS): it left the organisation for good. Carries the administrator's reason.",
    schema: z.object({ serial, tokenId, reason: z.string().min(1).max(500) }),
  }),
  defineEvent({
    type: 'DeviceProfileCleared',
    version: 1,
    aggregate: 'Device',
    description:
      "An administrator cleared the device's enrollment profile at Apple (DELETE /profile/devices answered SUCCESS): no profile until one is assigned again. Carries the administrator's reason.",
    schema: z.object({ serial, tokenId, profileUuid: z.string().nullable(), reason: z.string().min(1).max(500) }),
  }),
  defineEvent({
    type: 'DeviceReplacementRecorded',
    version: 1,
    aggregate: 'Device',
    description:
      "The device replaces another one (Apple's replacement details, protocol 10): the original serial and the day of the replacement, on the new device's stream.",
    schema: z.object({
      serial,
      tokenId,
      originalSerial: serial,
      replacedOn: z.iso.date().nullable(),
    }),
  }),
  defineEvent({
    type: 'ActivationLockEscrowed',
    version: 1,
    aggregate: 'Device',
    description:
      'Apple enabled Activation Lock on the device for the organisation (POST /device/activationlock answered SUCCESS). The escrow key and the bypass code are vault references, never the values; without an escrow key the device is locked to the account that created the MDM server.',
    schema: z.object({
      serial,
      tokenId,
      escrowKeyRef: vaultRef.nullable(),
      bypassCodeRef: vaultRef.nullable(),
      /** Whether a lost message was sent (its text is not kept: it may name a person). */
      lostMessage: z.boolean(),
    }),
  }),
] as const;

type DataOf<T extends string> = z.infer<Extract<(typeof deviceEventDefinitions)[number], { type: T }>['schema']>;
type DeviceEventOf<T extends (typeof deviceEventDefinitions)[number]['type']> = Event<T, DataOf<T>>;

export type DeviceAssignedToServer = DeviceEventOf<'DeviceAssignedToServer'>;
export type DeviceDetailsChanged = DeviceEventOf<'DeviceDetailsChanged'>;
export type DeviceReleased = DeviceEventOf<'DeviceReleased'>;
export type ProfileAssignmentRequested = DeviceEventOf<'ProfileAssignmentRequested'>;
export type ProfileAssignmentSucceeded = DeviceEventOf<'ProfileAssignmentSucceeded'>;
export type ProfileAssignmentFailed = DeviceEventOf<'ProfileAssignmentFailed'>;
export type ProfileAssignmentThrottled = DeviceEventOf<'ProfileAssignmentThrottled'>;
export type ProfilePushed = DeviceEventOf<'ProfilePushed'>;
export type DeviceEnrolled = DeviceEventOf<'DeviceEnrolled'>;
export type DeviceUnenrolled = DeviceEventOf<'DeviceUnenrolled'>;
export type DeviceDisowned = DeviceEventOf<'DeviceDisowned'>;
export type DeviceProfileCleared = DeviceEventOf<'DeviceProfileCleared'>;
export type DeviceReplacementRecorded = DeviceEventOf<'DeviceReplacementRecorded'>;
export type ActivationLockEscrowed = DeviceEventOf<'ActivationLockEscrowed'>;

export type DeviceEvent =
  | DeviceAssignedToServer
  | DeviceDetailsChanged
  | DeviceReleased
  | ProfileAssignmentRequested
  | ProfileAssignmentSucceeded
  | ProfileAssignmentFailed
  | ProfileAssignmentThrottled
  | ProfilePushed
  | DeviceEnrolled
  | DeviceUnenrolled
  | DeviceDisowned
  | DeviceProfileCleared
  | DeviceReplacementRecorded
  | ActivationLockEscrowed;

export const deviceStream = (serialNumber: string): string => `${streamPrefixes.device}${serialNumber}`;
