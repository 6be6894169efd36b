import { RuleViolation } from '../errors/rule-violation';
import { ValidationError } from '../errors/validation-error';
import type { EventDraft } from '../events/event';
import { assertNever, draft, type Decider } from '../handling/decider';
import type { ProfileCommand } from './profile-commands';
import type { ProfileEvent } from './profile-events';
import { profileSettingsSchema, type ProfileSettings, type ProfileSettingsInput } from './profile-settings';
import type { ProfileState } from './profile-state';
import { skipKeyWarnings } from './setup-assistant-keys';

type Drafts = readonly EventDraft<ProfileEvent>[];

/** Apple's limits, checked before anything is recorded; each issue names the field and Apple's code. */
export const parseProfileSettings = (input: ProfileSettingsInput): ProfileSettings => {
  const result = profileSettingsSchema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(
      'enrollment profile',
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      'PROFILE_INVALID',
    );
  }
  return result.data;
};

const sameSettings = (a: ProfileSettings, b: ProfileSettings): boolean => JSON.stringify(a) === JSON.stringify(b);

export const decideProfile = (command: ProfileCommand, state: ProfileState): Drafts => {
  const { profileId } = command.data;
  if (command.type !== 'DefineProfile' && state.status === 'none') {
    throw new RuleViolation('PROFILE_NOT_FOUND', `Profile ${profileId} does not exist: define it first.`, { profileId });
  }
  if (command.type !== 'DefineProfile' && state.status === 'retired') {
    throw new RuleViolation('PROFILE_RETIRED', `Profile ${profileId} is retired; define a new profile instead.`, { profileId });
  }
  switch (command.type) {
    case 'DefineProfile': {
      if (state.status !== 'none') {
        throw new RuleViolation('PROFILE_EXISTS', `Profile ${profileId} already exists: revise it, or choose another id.`, { profileId });
      }
      const settings = parseProfileSettings(command.data.settings);
      const warnings = skipKeyWarnings(settings.skipSetupItems);
      return [draft('ProfileDefined', { profileId, tokenId: command.data.tokenId, version: 1, settings, warnings })];
    }
    case 'ReviseProfile': {
      if (state.status === 'none' || state.status === 'retired') return [];
      const settings = parseProfileSettings(command.data.settings);
      if (sameSettings(settings, state.settings)) return [];
      const warnings = skipKeyWarnings(settings.skipSetupItems);
      return [draft('ProfileRevised', { profileId, version: state.version + 1, settings, warnings })];
    }
    case 'PublishProfile': {
      if (state.status === 'none' || state.status === 'retired') return [];
      const { version, profileUuid } = command.data;
      if (version !== state.version) {
        throw new RuleViolation(
          'PROFILE_VERSION_STALE',
          `Profile ${profileId} is at version ${state.version}; version ${version} cannot be published any more.`,
          { profileId, version, current: state.version },
        );
      }
      const already = state.published[version];
      if (already?.profileUuid === profileUuid) return [];
      return [draft('ProfilePublished', { profileId, version, profileUuid })];
    }
    case 'RetireProfile': {
      if (command.data.isDefaultOfToken) {
        throw new RuleViolation(
          'PROFILE_IS_DEFAULT',
          `Profile ${profileId} is its token's default profile: make another profile the default (or clear it) before retiring this one.`,
          { profileId },
        );
      }
      return [draft('ProfileRetired', { profileId, reason: command.data.reason })];
    }
    case 'SetProfileMinimumOs': {
      if (state.status === 'none' || state.status === 'retired') return [];
      const { minimumOs } = command.data;
      if (minimumOs === null) return state.minimumOs === null ? [] : [draft('ProfileMinimumOsRemoved', { profileId })];
      if (state.minimumOs !== null && JSON.stringify(state.minimumOs) === JSON.stringify(minimumOs)) return [];
      return [draft('ProfileMinimumOsSet', { profileId, minimumOs })];
    }
    default:
      return assertNever(command);
  }
};

export const evolveProfile = (state: ProfileState, event: ProfileEvent): ProfileState => {
  switch (event.type) {
    case 'ProfileDefined':
      return {
        status: 'draft',
        profileId: event.data.profileId,
        tokenId: event.data.tokenId,
        version: 1,
        settings: event.data.settings,
        warnings: event.data.warnings,
        published: {},
        minimumOs: null,
      };
    case 'ProfileRevised':
      if (state.status === 'none') return state;
      return {
        ...state,
        status: state.status === 'retired' ? 'retired' : 'draft',
        version: event.data.version,
        settings: event.data.settings,
        warnings: event.data.warnings,
      };
    case 'ProfilePublished': {
      if (state.status === 'none') return state;
      const entry = { version: event.data.version, profileUuid: event.data.profileUuid, publishedAt: event.metadata.occurredAt };
      const published = { ...state.published, [event.data.version]: entry };
      const status = state.status === 'retired' ? 'retired' : event.data.version === state.version ? 'published' : state.status;
      return { ...state, status, published };
    }
    case 'ProfileRetired':
      return state.status === 'none' ? state : { ...state, status: 'retired' };
    case 'ProfileMinimumOsSet':
      return state.status === 'none' ? state : { ...state, minimumOs: event.data.minimumOs };
    case 'ProfileMinimumOsRemoved':
      return state.status === 'none' ? state : { ...state, minimumOs: null };
    default:
      return state;
  }
};

export const profileDecider: Decider<ProfileState, ProfileCommand, ProfileEvent> = {
  decide: decideProfile,
  evolve: evolveProfile,
  initialState: () => ({ status: 'none' }),
};
