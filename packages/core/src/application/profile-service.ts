import { RuleViolation } from '../errors/rule-violation';
import type { ProfileEvent } from '../profile/profile-events';
import type { ProfileSettingsInput } from '../profile/profile-settings';
import { minimumOsSchema, type MinimumOs } from '../profile/routing/routing-rules';
import type { ProfileState } from '../profile/profile-state';
import { commandMetadata, type ActorOptions, type ApplicationContext } from './application-context';
import { parseInput, profileIdInput, tokenIdInput } from './input';
import { decideProfile, profileState, tokenState } from './streams';

export type PublishedProfile = Readonly<{
  profileId: string;
  version: number;
  profileUuid: string;
  /** Devices re-assigned because this version replaced an older one of the token's default profile. */
  reassigned: number;
}>;

/**
 * `depledger.profiles`: the Intune document's step 5, the corporate enrollment profile, at Apple and
 * in the log. Refusals of the rules throw a `RuleViolation` and record nothing.
 */
export interface ProfileService {
  /**
   * Validates the settings against Apple's limits (each violation names the field) and records
   * version 1 (`ProfileDefined`); it is not at Apple yet: publish it.
   * @throws `TOKEN_NOT_FOUND`, `PROFILE_EXISTS`, `PROFILE_INVALID`
   */
  define(profileId: string, tokenId: string, settings: ProfileSettingsInput, options?: ActorOptions): Promise<readonly ProfileEvent[]>;
  /** A new version (`ProfileRevised`); Apple's profiles are immutable, so publish it to get a new UUID. */
  revise(profileId: string, settings: ProfileSettingsInput, options?: ActorOptions): Promise<readonly ProfileEvent[]>;
  /**
   * Defines the current version at Apple and records its UUID (`ProfilePublished`); publishing a
   * version already published returns it again. When the profile is its token's default and an
   * older version was live, devices on the older version are re-assigned (`reassigned`).
   * @throws `PROFILE_NOT_FOUND`, `PROFILE_RETIRED`, `GATEWAY_*` (Apple refused or was unreachable; nothing recorded)
   */
  publish(profileId: string, options?: ActorOptions & { signal?: AbortSignal }): Promise<PublishedProfile>;
  /** Retires the profile (`ProfileRetired`); refused with `PROFILE_IS_DEFAULT` while it is its token's default. */
  retire(profileId: string, reason: string, options?: ActorOptions): Promise<readonly ProfileEvent[]>;
  /**
   * Sets the lowest OS, per platform, a device routed to the profile may enroll with
   * (`ProfileMinimumOsSet`, replacing the previous one), or removes it with `null`
   * (`ProfileMinimumOsRemoved`). depledger's own policy, never sent to Apple: the enrollment helper
   * (`devices.enrollmentAnswer`) answers "software update required" below it, unless the routing
   * rule the device matched sets its own minimum for that platform. It belongs to the profile, so it
   * holds for whichever version is published. The same shape and checks as a rule's `minimumOs`; bad
   * input is refused naming the field (`minimumOs.iOS.version`) and nothing is recorded.
   * @throws `INVALID_INPUT`, `PROFILE_NOT_FOUND`, `PROFILE_RETIRED`
   */
  setMinimumOs(profileId: string, minimumOs: MinimumOs | null, options?: ActorOptions): Promise<readonly ProfileEvent[]>;
  /** The profile's state, folded from its stream (`status: 'none'` for an unknown profile). */
  state(profileId: string): Promise<ProfileState>;
}

/** A rule's `minimumOs` with at least one platform, or null to remove it. */
const profileMinimumOsInput = minimumOsSchema
  .refine(
    (minimum) => Object.keys(minimum).length > 0,
    'at least one platform (iOS, iPadOS, macOS, tvOS, visionOS); null removes the minimum',
  )
  .nullable();

export const createProfileService = (context: ApplicationContext): ProfileService => ({
  async define(profileId: string, tokenId: string, settings: ProfileSettingsInput, options?: ActorOptions) {
    const pid = parseInput(profileIdInput, profileId, 'profileId');
    const tid = parseInput(tokenIdInput, tokenId, 'tokenId');
    const token = await tokenState(context, tid);
    if (token.status === 'none' || token.status === 'removed') {
      throw new RuleViolation(
        'TOKEN_NOT_FOUND',
        `There is no token ${tid} to define a profile for: generate its key and upload its server token first.`,
        { tokenId: tid },
      );
    }
    return (
      await decideProfile(context, pid, {
        type: 'DefineProfile',
        data: { profileId: pid, tokenId: tid, settings },
        metadata: commandMetadata(context, options, 'admin:unknown'),
      })
    ).events;
  },

  async revise(profileId: string, settings: ProfileSettingsInput, options?: ActorOptions) {
    const pid = parseInput(profileIdInput, profileId, 'profileId');
    return (
      await decideProfile(context, pid, {
        type: 'ReviseProfile',
        data: { profileId: pid, settings },
        metadata: commandMetadata(context, options, 'admin:unknown'),
      })
    ).events;
  },

  async publish(profileId: string, options?: ActorOptions & { signal?: AbortSignal }): Promise<PublishedProfile> {
    const pid = parseInput(profileIdInput, profileId, 'profileId');
    const state = await profileState(context, pid);
    if (state.status === 'none')
      throw new RuleViolation('PROFILE_NOT_FOUND', `Profile ${pid} does not exist: define it first.`, { profileId: pid });
    if (state.status === 'retired')
      throw new RuleViolation('PROFILE_RETIRED', `Profile ${pid} is retired; define a new profile instead.`, { profileId: pid });
    const already = state.published[state.version];
    if (already) return { profileId: pid, version: state.version, profileUuid: already.profileUuid, reassigned: 0 };
    const { profileUuid } = await context.gateway.defineProfile(state.tokenId, state.settings, options?.signal);
    await decideProfile(context, pid, {
      type: 'PublishProfile',
      data: { profileId: pid, version: state.version, profileUuid },
      metadata: commandMetadata(context, options, 'admin:unknown'),
    });
    let reassigned = 0;
    const token = await tokenState(context, state.tokenId);
    const hadOlderVersion = Object.keys(state.published).length > 0;
    if (hadOlderVersion && token.status === 'active' && token.defaultProfileId === pid) {
      const result = await context.engine.reassignAfterRevision(state.tokenId, pid, {
        ...(options?.signal ? { signal: options.signal } : {}),
        actor: options?.actor ?? 'admin:unknown',
      });
      reassigned = result.sent;
    }
    return { profileId: pid, version: state.version, profileUuid, reassigned };
  },

  async retire(profileId: string, reason: string, options?: ActorOptions) {
    const pid = parseInput(profileIdInput, profileId, 'profileId');
    const state = await profileState(context, pid);
    const token = state.status === 'none' ? null : await tokenState(context, state.tokenId);
    const isDefaultOfToken = token?.status === 'active' && token.defaultProfileId === pid;
    return (
      await decideProfile(context, pid, {
        type: 'RetireProfile',
        data: { profileId: pid, reason, isDefaultOfToken },
        metadata: commandMetadata(context, options, 'admin:unknown'),
      })
    ).events;
  },

  async setMinimumOs(profileId: string, minimumOs: MinimumOs | null, options?: ActorOptions) {
    const pid = parseInput(profileIdInput, profileId, 'profileId');
    const parsed = parseInput(profileMinimumOsInput, minimumOs, 'minimumOs');
    return (
      await decideProfile(context, pid, {
        type: 'SetProfileMinimumOs',
        data: { profileId: pid, minimumOs: parsed },
        metadata: commandMetadata(context, options, 'admin:unknown'),
      })
    ).events;
  },

  state: (profileId: string) => profileState(context, parseInput(profileIdInput, profileId, 'profileId')),
});
