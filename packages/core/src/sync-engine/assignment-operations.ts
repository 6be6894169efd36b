import { profileRefusalCodes } from '../errors/refusal-codes';
import { RuleViolation } from '../errors/rule-violation';
import { addTally, emptyTally, requestAssignments, sendAssignments, type AssignmentReason, type AssignmentTally } from './assignment-sender';
import { findDevicesOnOtherVersion } from './revised-profile-devices';
import { lookUpPublishedProfile, type AssignmentTarget } from './published-profile';
import type { RunMetadata, SyncEngineContext } from './sync-engine-context';

export type AssignmentResult = AssignmentTally &
  Readonly<{
    /** Serials the Device decider refused (not assigned to this token's server, ...), with why. */
    refused: readonly Readonly<{ serial: string; code: string; message: string }>[];
  }>;

const requestAndSend = async (
  context: SyncEngineContext,
  run: RunMetadata,
  tokenId: string,
  target: AssignmentTarget,
  serials: readonly string[],
  reason: AssignmentReason,
  signal: AbortSignal | undefined,
): Promise<AssignmentResult> => {
  const { pending, refused } = await requestAssignments(context, run, tokenId, target, serials, reason);
  const tally = await sendAssignments(context, run, tokenId, target.profileUuid, pending, signal);
  return { ...tally, refused };
};

const publishedOrThrow = async (context: SyncEngineContext, tokenId: string, profileId: string): Promise<AssignmentTarget> => {
  const lookup = await lookUpPublishedProfile(context, tokenId, profileId);
  if (!lookup.ok) throw new RuleViolation(profileRefusalCodes[lookup.reason], lookup.message, { tokenId, profileId });
  return lookup.target;
};

/** Assigns the current published version of a profile to the given serials (batches of at most 1000). */
export const assignSerials = async (
  context: SyncEngineContext,
  run: RunMetadata,
  tokenId: string,
  profileId: string,
  serials: readonly string[],
  reason: AssignmentReason,
  signal: AbortSignal | undefined,
): Promise<AssignmentResult> => {
  const target = await publishedOrThrow(context, tokenId, profileId);
  return requestAndSend(context, run, tokenId, target, [...new Set(serials)], reason, signal);
};

/** Sends again the assignments whose retry time has come (and requests left unanswered), each with its own profile version. */
export const retryDue = async (context: SyncEngineContext, run: RunMetadata, tokenId: string, signal: AbortSignal | undefined): Promise<AssignmentResult> => {
  const due = await context.assignmentWaits.due(tokenId, context.clock.now(), context.policy.runDeadline);
  const byUuid = new Map<string, { target: AssignmentTarget; serials: string[] }>();
  for (const d of due) {
    const group = byUuid.get(d.profileUuid) ?? { target: { profileId: d.profileId, profileVersion: d.profileVersion, profileUuid: d.profileUuid }, serials: [] };
    group.serials.push(d.serial);
    byUuid.set(d.profileUuid, group);
  }
  let tally = emptyTally();
  const refused: AssignmentResult['refused'][number][] = [];
  for (const group of byUuid.values()) {
    const result = await requestAndSend(context, run, tokenId, group.target, group.serials, 'retry', signal);
    tally = addTally(tally, result);
    refused.push(...result.refused);
  }
  return { ...tally, refused };
};

/** After a profile revision is published under a new UUID, re-assigns the devices still on an older version. */
export const reassignRevised = async (
  context: SyncEngineContext,
  run: RunMetadata,
  tokenId: string,
  profileId: string,
  signal: AbortSignal | undefined,
): Promise<AssignmentResult> => {
  const target = await publishedOrThrow(context, tokenId, profileId);
  const serials = await findDevicesOnOtherVersion(context, tokenId, target);
  return requestAndSend(context, run, tokenId, target, serials, 'profile_revised', signal);
};
