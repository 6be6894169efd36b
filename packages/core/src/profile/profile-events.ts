import { z } from 'zod';
import type { Event } from '../events/event';
import { defineEvent } from '../serde/event-catalogue';
import { profileUuid, tokenId } from '../serde/schemas';
import { profileSettingsSchema } from './profile-settings';
import { minimumOsSchema } from './routing/routing-rules';
import { streamPrefixes } from '../events/stream-names';

const profileId = z.string().min(1).max(64);

/** Remarks about the settings that did not stop the profile (unknown or retired skip keys); absent from events recorded before them. */
const warnings = z
  .array(
    z.object({
      field: z.literal('skipSetupItems'),
      key: z.string(),
      kind: z.enum(['unknown_skip_key', 'removed_skip_key']),
      message: z.string(),
    }),
  )
  .default([]);

/**
 * Version 1 of `ProfileDefined` and `ProfileRevised` predates Apple's newer profile fields and the
 * skip-key warnings: it reads with Apple's defaults for the fields it lacks, and no warnings.
 */
const withAppleDefaults = (data: Record<string, unknown>): Record<string, unknown> => ({
  ...data,
  settings: {
    multiUser: false,
    anchorCertificates: [],
    supervisingHostCertificates: [],
    doNotUseProfileFromBackup: false,
    returnToService: false,
    ...(data['settings'] as Record<string, unknown>),
  },
  warnings: [],
});

export const profileEventDefinitions = [
  defineEvent({
    type: 'ProfileDefined',
    version: 2,
    aggregate: 'EnrollmentProfile',
    description:
      "An enrollment profile was defined for a token (the Intune document's corporate enrollment profile): version 1, with every field of Apple's profile and the warnings about its skip keys (unknown or retired).",
    schema: z.object({ profileId, tokenId, version: z.literal(1), settings: profileSettingsSchema, warnings }),
    upcasters: { 1: withAppleDefaults },
  }),
  defineEvent({
    type: 'ProfileRevised',
    version: 2,
    aggregate: 'EnrollmentProfile',
    description:
      "The profile's settings changed. Apple's profiles are immutable, so a revision is a new version, published under a new UUID. Carries the warnings about its skip keys.",
    schema: z.object({ profileId, version: z.number().int().min(2), settings: profileSettingsSchema, warnings }),
    upcasters: { 1: withAppleDefaults },
  }),
  defineEvent({
    type: 'ProfilePublished',
    version: 1,
    aggregate: 'EnrollmentProfile',
    description: "A version of the profile was defined at Apple, which answered with the profile's UUID.",
    schema: z.object({ profileId, version: z.number().int().min(1), profileUuid }),
  }),
  defineEvent({
    type: 'ProfileRetired',
    version: 1,
    aggregate: 'EnrollmentProfile',
    description: 'The profile is no longer offered; devices keep what Apple already assigned them.',
    schema: z.object({ profileId, reason: z.string().max(500) }),
  }),
  defineEvent({
    type: 'ProfileMinimumOsSet',
    version: 1,
    aggregate: 'EnrollmentProfile',
    description:
      "The lowest OS, per platform, a device routed to this profile may enroll with: below it the enrollment helper answers Apple's \"software update required\". depledger's own policy, never sent to Apple; it holds for every version of the profile, and a routing rule's own minimum for a platform comes first. Replaces the profile's previous minimum.",
    schema: z.object({ profileId, minimumOs: minimumOsSchema }),
  }),
  defineEvent({
    type: 'ProfileMinimumOsRemoved',
    version: 1,
    aggregate: 'EnrollmentProfile',
    description:
      'The profile no longer sets a minimum OS: devices routed to it enroll whatever their OS, unless their routing rule sets one.',
    schema: z.object({ profileId }),
  }),
] as const;

type DataOf<T extends string> = z.infer<Extract<(typeof profileEventDefinitions)[number], { type: T }>['schema']>;
type ProfileEventOf<T extends (typeof profileEventDefinitions)[number]['type']> = Event<T, DataOf<T>>;

export type ProfileDefined = ProfileEventOf<'ProfileDefined'>;
export type ProfileRevised = ProfileEventOf<'ProfileRevised'>;
export type ProfilePublished = ProfileEventOf<'ProfilePublished'>;
export type ProfileRetired = ProfileEventOf<'ProfileRetired'>;
export type ProfileMinimumOsSet = ProfileEventOf<'ProfileMinimumOsSet'>;
export type ProfileMinimumOsRemoved = ProfileEventOf<'ProfileMinimumOsRemoved'>;
export type ProfileEvent =
  ProfileDefined | ProfileRevised | ProfilePublished | ProfileRetired | ProfileMinimumOsSet | ProfileMinimumOsRemoved;

export const profileStream = (id: string): string => `${streamPrefixes.profile}${id}`;
