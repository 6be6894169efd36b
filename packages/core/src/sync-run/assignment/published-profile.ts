import { aggregateStream } from '../../handling/aggregate-stream';
import { profileDecider } from '../../profile/profile-decider';
import { profileStream } from '../../profile/profile-events';
import { currentUuid } from '../../profile/profile-state';
import type { ActiveToken } from '../../token/token-state';
import type { TokenWork } from '../engine-context';
import type { AssignmentSummary } from './assignment-tally';

/** The profile version a device is asked to get, as Apple knows it. */
export type AssignmentTarget = Readonly<{ profileId: string; profileVersion: number; profileUuid: string }>;

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

/** What new devices of a token get: its default profile's published version, or why nothing. */
export type DefaultProfile =
  Readonly<{ target: AssignmentTarget; skipped: null }> | Readonly<{ target: null; skipped: NonNullable<AssignmentSummary['skipped']> }>;

/** The token's default profile, as Apple knows it (the default is a fact of the token: DefaultProfileChanged). */
export const lookUpDefaultProfile = async (work: TokenWork, token: ActiveToken): Promise<DefaultProfile> => {
  if (!token.defaultProfileId) return { target: null, skipped: 'no_default_profile' };
  const lookup = await lookUpPublishedProfile(work, token.defaultProfileId);
  return lookup.ok ? { target: lookup.target, skipped: null } : { target: null, skipped: 'default_profile_not_published' };
};
