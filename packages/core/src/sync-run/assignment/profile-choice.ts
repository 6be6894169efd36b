import { routeDevice, type RoutableDevice, type RoutingRule } from '../../profile/routing/routing-rules';
import type { ActiveToken } from '../../token/token-state';
import type { TokenWork } from '../engine-context';
import type { AssignmentReason } from './assignments';
import type { AssignmentSummary } from './assignment-tally';
import { lookUpPublishedProfile, type AssignmentTarget, type ProfileLookup } from './published-profile';

/**
 * What new devices of a token get: its routing rules (first match wins), then its default profile
 * (the simplest rule: every device), each profile they name as Apple knows it (or why not). Looked
 * up once per run; `routeDevice` decides for each device, as the dry run does.
 */
export type ProfileChoice = Readonly<{
  rules: readonly RoutingRule[];
  defaultProfileId: string | null;
  /** Each profile the rules and the default name, by profile id. */
  profiles: ReadonlyMap<string, ProfileLookup>;
}>;

/** Why a device got no profile: nothing routes it (no rule, no default), or the profile routed to is not assignable. */
export type Unassignable = NonNullable<AssignmentSummary['skipped']>;

/** Devices to request one profile version for, and why they get it. */
export type RoutedGroup = Readonly<{
  target: AssignmentTarget;
  reason: Extract<AssignmentReason, 'default_profile' | 'routing_rule'>;
  /** The rule's position (1-based) for `routing_rule`. */
  rule: number | null;
  serials: readonly string[];
}>;

export type ChosenProfiles = Readonly<{
  groups: readonly RoutedGroup[];
  /** Why some devices got no profile (the first reason met), or null when every device got one. */
  skipped: Unassignable | null;
}>;

/** The token's rules and default profile, with each profile they name looked up (published, not retired, of this token). */
export const lookUpProfileChoice = async (work: TokenWork, token: ActiveToken): Promise<ProfileChoice> => {
  const rules = token.routingRules ?? [];
  const ids = new Set(rules.map((rule) => rule.profileId));
  if (token.defaultProfileId) ids.add(token.defaultProfileId);
  const profiles = new Map<string, ProfileLookup>();
  for (const id of ids) profiles.set(id, await lookUpPublishedProfile(work, id));
  return { rules, defaultProfileId: token.defaultProfileId || null, profiles };
};

/** Every profile version the choice can give, by Apple's UUID: devices already waiting for one of them are sent again. */
export const targetsOf = (choice: ProfileChoice): ReadonlyMap<string, AssignmentTarget> =>
  new Map([...choice.profiles.values()].flatMap((lookup) => (lookup.ok ? [[lookup.target.profileUuid, lookup.target] as const] : [])));

/**
 * Which profile each device gets (pure): `routeDevice` — the function the dry run calls — for each,
 * then grouped by profile version and reason. A device whose rule names a profile Apple does not
 * have (not published, retired) gets nothing, and `skipped` says why.
 */
export const chooseProfiles = (choice: ProfileChoice, devices: readonly RoutableDevice[]): ChosenProfiles => {
  const groups = new Map<string, { target: AssignmentTarget; reason: RoutedGroup['reason']; rule: number | null; serials: string[] }>();
  let skipped: Unassignable | null = null;
  for (const device of devices) {
    const decision = routeDevice(choice.rules, choice.defaultProfileId, device);
    if (decision.profileId === null) {
      skipped ??= 'no_default_profile';
      continue;
    }
    const lookup = choice.profiles.get(decision.profileId);
    if (lookup === undefined || !lookup.ok) {
      skipped ??= decision.source === 'rule' ? 'rule_profile_not_published' : 'default_profile_not_published';
      continue;
    }
    const rule = decision.source === 'rule' ? decision.ruleIndex + 1 : null;
    const key = `${lookup.target.profileUuid}:${rule ?? 'default'}`;
    const group = groups.get(key) ?? {
      target: lookup.target,
      reason: decision.source === 'rule' ? 'routing_rule' : 'default_profile',
      rule,
      serials: [],
    };
    group.serials.push(device.serial);
    groups.set(key, group);
  }
  return { groups: [...groups.values()], skipped };
};
