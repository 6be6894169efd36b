import { aggregateStream } from '../../handling/aggregate-stream';
import { profileDecider } from '../../profile/profile-decider';
import { profileStream } from '../../profile/profile-events';
import { currentUuid } from '../../profile/profile-state';
import type { TokenWork } from '../engine-context';

/** The profile version a device is asked to get, as Apple knows it. */
export type AssignmentTarget = Readonly<{ profileId: string; profileVersion: number; profileUuid: string }>;

/** Devices to send to Apple for one profile version. */
export type AssignmentBatch = Readonly<{ target: AssignmentTarget; serials: readonly string[] }>;

export type ProfileLookup =
  | Readonly<{ ok: true; target: AssignmentTarget }>
  | Readonly<{ ok: false; reason: 'not_found' | 'other_token' | 'not_published' | 'retired'; message: string }>;

/** The current version of a token's profile, if Apple has it (published under a UUID) and it is not retired. */
export const lookUpPublishedProfile = async (work: TokenWork, profileId: string): Promise<ProfileLookup> => {
  const { state } = await aggregateStream(work.store, work.serde, profileDecider, profileStream(profileId));
  if (state.status === 'none') return { ok: false, reason: 'not_found', message: `Profile ${profileId} does not exist.` };
  if (state.tokenId !== work.tokenId) {
    return { ok: false, reason: 'other_token', message: `Profile ${profileId} belongs to token ${state.tokenId}, not ${work.tokenId}.` };
  }
  if (state.status === 'retired')
    return { ok: false, reason: 'retired', message: `Profile ${profileId} is retired; choose or define another profile.` };
  const profileUuid = currentUuid(state);
  if (profileUuid === null) {
    return {
      ok: false,
      reason: 'not_published',
      message: `Version ${state.version} of profile ${profileId} is not published at Apple yet: publish it, then assign it.`,
    };
  }
  return { ok: true, target: { profileId, profileVersion: state.version, profileUuid } };
};
