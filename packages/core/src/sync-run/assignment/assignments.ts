import type { RequestProfileAssignment } from '../../device/device-commands';
import { deviceDecider } from '../../device/device-decider';
import { deviceStream } from '../../device/device-events';
import { isDepledgerError } from '../../errors/depledger-error';
import { profileRefusalCodes } from '../../errors/refusal-codes';
import { RuleViolation } from '../../errors/rule-violation';
import { handleCommandBatch } from '../../handling/command-batch';
import type { AssignmentOutcome } from '../../ports/dep-gateway';
import type { TokenWork } from '../engine-context';
import { addTally, emptyTally, tallyOf, type AssignmentTally } from './assignment-tally';
import { lookUpPublishedProfile, type AssignmentBatch, type AssignmentTarget } from './published-profile';
import { findDevicesOnOtherVersion } from './revised-profile-devices';

/** Apple takes at most 1000 serials per assignment call. */
export const MAX_ASSIGNMENT_BATCH = 1000;

export type AssignmentReason = RequestProfileAssignment['data']['reason'];

/** A serial the Device decider refused (not assigned to this token's server, ...), with why. */
export type RefusedSerial = Readonly<{ serial: string; code: string; message: string }>;

export type AssignmentResult = AssignmentTally &
  Readonly<{
    /** Serials the Device decider refused (not assigned to this token's server, ...), with why. */
    refused: readonly RefusedSerial[];
  }>;

export type RequestedAssignments = Readonly<{
  /** Serials now waiting for Apple's answer for this profile version: send these. */
  pending: readonly string[];
  refused: readonly RefusedSerial[];
}>;

/** One device to ask a profile version for, and why (`rule`: the routing rule's position, for `routing_rule`). */
export type AssignmentRequest = Readonly<{ serial: string; target: AssignmentTarget; reason: AssignmentReason; rule?: number | null }>;

/**
 * Records "depledger asked for this profile" on each device (ProfileAssignmentRequested), in one
 * batch whatever the profiles asked for. A device already waiting for the same profile version
 * records nothing new and is sent again. Returns, per profile version, the serials now waiting.
 * With `staged` (a sync page's requests) the requests wait in the page's stage, written with its devices.
 */
export const requestEach = async (
  work: TokenWork,
  requests: readonly AssignmentRequest[],
  staged?: TokenWork['page'],
): Promise<Readonly<{ pending: readonly AssignmentBatch[]; refused: readonly RefusedSerial[] }>> => {
  const byUuid = new Map<string, { target: AssignmentTarget; serials: string[] }>();
  const refused: RefusedSerial[] = [];
  const streamNames = requests.map((request) => deviceStream(request.serial));
  const results = await handleCommandBatch(
    work.store,
    work.serde,
    deviceDecider,
    requests.map(({ serial, target, reason, rule }, index) => ({
      streamName: streamNames[index] as string,
      command: {
        type: 'RequestProfileAssignment' as const,
        data: { serial, tokenId: work.tokenId, ...target, reason, ...(rule === null || rule === undefined ? {} : { rule }) },
        metadata: work.metadata(),
      },
    })),
    { retries: 3, known: work.devices.lookup, ...(staged === undefined ? {} : { staged }) },
  );
  work.devices.remember(streamNames, results);
  results.forEach((result, index) => {
    const { serial, target } = requests[index] as AssignmentRequest;
    if (!result.ok) {
      const error = result.error;
      if (!isDepledgerError(error) || error.code === 'CONCURRENCY_CONFLICT') throw error;
      refused.push({ serial, code: error.code, message: error.message });
      return;
    }
    const state = result.state;
    if (state.status !== 'unknown' && state.assignment?.state === 'pending' && state.assignment.profileUuid === target.profileUuid) {
      const batch = byUuid.get(target.profileUuid) ?? { target, serials: [] };
      batch.serials.push(serial);
      byUuid.set(target.profileUuid, batch);
    }
  });
  return { pending: [...byUuid.values()], refused };
};

/** `requestEach` for one profile version and one reason. */
export const requestAssignments = async (
  work: TokenWork,
  target: AssignmentTarget,
  serials: readonly string[],
  reason: AssignmentReason,
): Promise<RequestedAssignments> => {
  const { pending, refused } = await requestEach(
    work,
    serials.map((serial) => ({ serial, target, reason })),
  );
  return { pending: pending.flatMap((batch) => batch.serials), refused };
};

/**
 * Sends pending assignments to Apple in batches of at most 1000 and records each device's outcome:
 * assigned; not accessible (not retried); failed (retried after 24 hours); throttled (retried after
 * Apple's retry_after_seconds, or 24 hours). A serial missing from Apple's answer counts as failed.
 * Gateway errors (terms not signed, deadline, ...) propagate to the caller.
 */
export const sendAssignments = async (
  work: TokenWork,
  profileUuid: string,
  serials: readonly string[],
  signal: AbortSignal | undefined,
): Promise<AssignmentTally> => {
  let tally = emptyTally;
  for (let start = 0; start < serials.length; start += MAX_ASSIGNMENT_BATCH) {
    const batch = serials.slice(start, start + MAX_ASSIGNMENT_BATCH);
    const report = await work.gateway.assignProfile(work.tokenId, profileUuid, batch, signal);
    const outcomes = batch.map((serial): AssignmentOutcome => report.results.get(serial) ?? 'failed');
    const streamNames = batch.map(deviceStream);
    const results = await handleCommandBatch(
      work.store,
      work.serde,
      deviceDecider,
      batch.map((serial, index) => {
        const outcome = outcomes[index] as AssignmentOutcome;
        return {
          streamName: streamNames[index] as string,
          command: {
            type: 'RecordAssignmentOutcome' as const,
            data: { serial, profileUuid, outcome, retryAfterSeconds: outcome === 'throttled' ? report.retryAfterSeconds : null },
            metadata: work.metadata(),
          },
        };
      }),
      { retries: 3, known: work.devices.lookup },
    );
    work.devices.remember(streamNames, results);
    for (const result of results) if (!result.ok) throw result.error;
    tally = addTally(tally, tallyOf(outcomes));
  }
  return tally;
};

const requestAndSend = async (
  work: TokenWork,
  target: AssignmentTarget,
  serials: readonly string[],
  reason: AssignmentReason,
  signal: AbortSignal | undefined,
): Promise<AssignmentResult> => {
  const { pending, refused } = await requestAssignments(work, target, serials, reason);
  const tally = await sendAssignments(work, target.profileUuid, pending, signal);
  return { ...tally, refused };
};

const publishedOrThrow = async (work: TokenWork, profileId: string): Promise<AssignmentTarget> => {
  const lookup = await lookUpPublishedProfile(work, profileId);
  if (!lookup.ok) throw new RuleViolation(profileRefusalCodes[lookup.reason], lookup.message, { tokenId: work.tokenId, profileId });
  return lookup.target;
};

/** Assigns the current published version of a profile to the given serials (batches of at most 1000). */
export const assignSerials = async (
  work: TokenWork,
  profileId: string,
  serials: readonly string[],
  reason: AssignmentReason,
  signal: AbortSignal | undefined,
): Promise<AssignmentResult> => {
  const target = await publishedOrThrow(work, profileId);
  return requestAndSend(work, target, [...new Set(serials)], reason, signal);
};

/** Sends again the assignments whose retry time has come (and requests left unanswered), each with its own profile version. */
export const retryDue = async (work: TokenWork, signal: AbortSignal | undefined): Promise<AssignmentResult> => {
  const due = await work.assignmentWaits.due(work.tokenId, work.clock.now(), work.policy.runDeadline);
  const byUuid = new Map<string, { target: AssignmentTarget; serials: string[] }>();
  for (const d of due) {
    const group = byUuid.get(d.profileUuid) ?? {
      target: { profileId: d.profileId, profileVersion: d.profileVersion, profileUuid: d.profileUuid },
      serials: [],
    };
    group.serials.push(d.serial);
    byUuid.set(d.profileUuid, group);
  }
  let tally = emptyTally;
  const refused: RefusedSerial[] = [];
  for (const group of byUuid.values()) {
    const result = await requestAndSend(work, group.target, group.serials, 'retry', signal);
    tally = addTally(tally, result);
    refused.push(...result.refused);
  }
  return { ...tally, refused };
};

/** After a profile revision is published under a new UUID, re-assigns the devices still on an older version. */
export const reassignRevised = async (work: TokenWork, profileId: string, signal: AbortSignal | undefined): Promise<AssignmentResult> => {
  const target = await publishedOrThrow(work, profileId);
  const serials = await findDevicesOnOtherVersion(work, target);
  return requestAndSend(work, target, serials, 'profile_revised', signal);
};
