import { deviceDecider } from '../device/device-decider';
import { deviceStream } from '../device/device-events';
import type { RequestProfileAssignment } from '../device/device-commands';
import { isDepledgerError } from '../errors/depledger-error';
import { handleCommandBatch } from '../handling/command-batch';
import type { AssignmentOutcome } from '../ports/dep-gateway';
import type { AssignmentTarget } from './published-profile';
import { commandMetadata, type RunMetadata, type SyncEngineContext } from './sync-engine-context';

/** Apple takes at most 1000 serials per assignment call. */
export const MAX_ASSIGNMENT_BATCH = 1000;

export type AssignmentReason = RequestProfileAssignment['data']['reason'];

export type AssignmentTally = { sent: number; assigned: number; notAccessible: number; failed: number; throttled: number };

export const emptyTally = (): AssignmentTally => ({ sent: 0, assigned: 0, notAccessible: 0, failed: 0, throttled: 0 });

export const addTally = (a: AssignmentTally, b: AssignmentTally): AssignmentTally => ({
  sent: a.sent + b.sent,
  assigned: a.assigned + b.assigned,
  notAccessible: a.notAccessible + b.notAccessible,
  failed: a.failed + b.failed,
  throttled: a.throttled + b.throttled,
});

export type RequestedAssignments = Readonly<{
  /** Serials now waiting for Apple's answer for this profile version: send these. */
  pending: readonly string[];
  /** Serials the Device decider refused (not assigned to this token's server, ...), with why. */
  refused: readonly Readonly<{ serial: string; code: string; message: string }>[];
}>;

/**
 * Records "depledger asked for this profile" on each device (ProfileAssignmentRequested). A device
 * already waiting for the same profile version records nothing new and is sent again.
 */
export const requestAssignments = async (
  context: SyncEngineContext,
  run: RunMetadata,
  tokenId: string,
  target: AssignmentTarget,
  serials: readonly string[],
  reason: AssignmentReason,
): Promise<RequestedAssignments> => {
  const pending: string[] = [];
  const refused: { serial: string; code: string; message: string }[] = [];
  const results = await handleCommandBatch(
    context.store,
    context.serde,
    deviceDecider,
    serials.map((serial) => ({
      streamName: deviceStream(serial),
      command: { type: 'RequestProfileAssignment' as const, data: { serial, tokenId, ...target, reason }, metadata: commandMetadata(context, run) },
    })),
    { retries: 3 },
  );
  results.forEach((result, index) => {
    const serial = serials[index] as string;
    if (!result.ok) {
      const error = result.error;
      if (!isDepledgerError(error) || error.code === 'CONCURRENCY_CONFLICT') throw error;
      refused.push({ serial, code: error.code, message: error.message });
      return;
    }
    const state = result.state;
    if (state.status !== 'unknown' && state.assignment?.state === 'pending' && state.assignment.profileUuid === target.profileUuid) pending.push(serial);
  });
  return { pending, refused };
};

const tallyKey: Record<AssignmentOutcome, keyof AssignmentTally> = {
  assigned: 'assigned',
  not_accessible: 'notAccessible',
  failed: 'failed',
  throttled: 'throttled',
};

/**
 * Sends pending assignments to Apple in batches of at most 1000 and records each device's outcome:
 * assigned; not accessible (not retried); failed (retried after 24 hours); throttled (retried after
 * Apple's retry_after_seconds, or 24 hours). A serial missing from Apple's answer counts as failed.
 * Gateway errors (terms not signed, deadline, ...) propagate to the caller.
 */
export const sendAssignments = async (
  context: SyncEngineContext,
  run: RunMetadata,
  tokenId: string,
  profileUuid: string,
  serials: readonly string[],
  signal: AbortSignal | undefined,
): Promise<AssignmentTally> => {
  let tally = emptyTally();
  for (let start = 0; start < serials.length; start += MAX_ASSIGNMENT_BATCH) {
    const batch = serials.slice(start, start + MAX_ASSIGNMENT_BATCH);
    const report = await context.gateway.assignProfile(tokenId, profileUuid, batch, signal);
    const batchTally = emptyTally();
    batchTally.sent = batch.length;
    const outcomes = batch.map((serial) => report.results.get(serial) ?? 'failed');
    for (const outcome of outcomes) batchTally[tallyKey[outcome]] += 1;
    const results = await handleCommandBatch(
      context.store,
      context.serde,
      deviceDecider,
      batch.map((serial, index) => {
        const outcome = outcomes[index] as AssignmentOutcome;
        return {
          streamName: deviceStream(serial),
          command: {
            type: 'RecordAssignmentOutcome' as const,
            data: { serial, profileUuid, outcome, retryAfterSeconds: outcome === 'throttled' ? report.retryAfterSeconds : null },
            metadata: commandMetadata(context, run),
          },
        };
      }),
      { retries: 3 },
    );
    for (const result of results) if (!result.ok) throw result.error;
    tally = addTally(tally, batchTally);
  }
  return tally;
};
