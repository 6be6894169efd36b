import { z } from 'zod';
import { enrollmentAnswer, enrollmentAnswerFrom, type EnrollmentAnswer, type MinimumOsSource } from '../profile/routing/minimum-os';
import { orderNumbersFromInventory, withOrderNumbers } from '../profile/routing/order-numbers';
import { routeDevice } from '../profile/routing/routing-rules';
import type { ApplicationContext } from './application-context';
import { parseInput } from './input';
import { deviceState, profileState, tokenState } from './streams';

/** What the enrollment helper needs of a device's MachineInfo (as `readMachineInfo` of `@depledger/apple` returns it). */
export type EnrollingDevice = Readonly<{ serial: string | null; product: string | null; osVersion: string | null }>;

/** The answer for the MDM's enrollment endpoint, with the routing decision it came from. */
export type EnrollmentDecision = EnrollmentAnswer &
  Readonly<{ serial: string | null; tokenId: string | null; profileId: string | null; rule: number | null }>;

const enrollingDevice = z.object({
  serial: z.string().trim().toUpperCase().max(64).nullable(),
  product: z.string().max(64).nullable(),
  osVersion: z.string().max(32).nullable(),
});

/**
 * Allow, or Apple's "software update required": the device is routed as the sync routes it (its
 * token's rules, same `routeDevice`, same facts); the matching rule's `minimumOs` for the device's
 * platform decides, else the routed profile's (whether a rule or the token's default chose it). A
 * device depledger does not know, or no minimum for its platform, is allowed (the MDM may refuse it
 * for its own reasons). Records nothing.
 */
export const answerEnrollment = async (context: ApplicationContext, device: EnrollingDevice): Promise<EnrollmentDecision> => {
  const facts = parseInput(enrollingDevice, device, 'machineInfo');
  const none = { serial: facts.serial, tokenId: null, profileId: null, rule: null };
  if (facts.serial === null)
    return { ...enrollmentAnswer(null, facts), ...none, why: 'the device does not say its serial number', reason: { code: 'no_serial' } };
  const state = await deviceState(context, facts.serial);
  if (state.status !== 'assigned')
    return {
      ...enrollmentAnswer(null, facts),
      ...none,
      why: 'not a device of your MDM servers in depledger',
      reason: { code: 'not_ours' },
    };
  const token = await tokenState(context, state.tokenId);
  const rules = token.status === 'active' ? (token.routingRules ?? []) : [];
  const defaultProfileId = token.status === 'active' ? token.defaultProfileId : null;
  const [routable] = await withOrderNumbers(
    rules,
    [{ serial: facts.serial, family: state.details.family, os: state.details.os, model: state.details.model }],
    orderNumbersFromInventory(context.store, context.serde),
  );
  const decision = routeDevice(rules, defaultProfileId, routable ?? { serial: facts.serial });
  // the matching rule's minimum first, then the routed profile's (a rule's or the token's default)
  const sources: MinimumOsSource[] = [];
  if (decision.source === 'rule')
    sources.push({ origin: { from: 'rule', rule: decision.ruleIndex + 1 }, minimumOs: rules[decision.ruleIndex]?.minimumOs });
  const profile = decision.profileId === null ? null : await profileState(context, decision.profileId);
  if (profile !== null && profile.status !== 'none')
    sources.push({ origin: { from: 'profile', profileId: profile.profileId }, minimumOs: profile.minimumOs });
  return {
    ...enrollmentAnswerFrom(sources, facts),
    serial: facts.serial,
    tokenId: state.tokenId,
    profileId: decision.profileId,
    rule: decision.source === 'rule' ? decision.ruleIndex + 1 : null,
  };
};
