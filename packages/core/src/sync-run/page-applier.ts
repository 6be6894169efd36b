import { createHash } from 'node:crypto';
import type { AppleDeviceFact } from '../device/device-commands';
import { deviceDecider } from '../device/device-decider';
import { deviceStream } from '../device/device-events';
import { handleCommandBatch } from '../handling/command-batch';
import type { DevicePage, DeviceRecord } from '../ports/dep-gateway';
import type { SyncCounts } from '../sync/sync-events';
import { mapWithConcurrency } from './concurrency';
import type { DeviceFactMaker } from './device-fact';
import { latestRecordPerSerial } from './latest-records';
import type { SerialSet } from './serial-set';
import type { TokenWork } from './engine-context';
import { needsDefaultProfile } from './run-rules';
import { awaitsReplacementDetails, recordReplacements } from './replacement-lookups';

export type AppliedPage = Readonly<{
  counts: SyncCounts;
  /** Devices of this page that should get the token's default profile. */
  needingProfile: readonly string[];
  /**
   * Devices of this page waiting for Apple's answer to an assignment, by profile UUID: a page
   * replayed after a crash finds its requests recorded but maybe never sent.
   */
  pending: ReadonlyMap<string, readonly string[]>;
}>;

type RecordOutcome = Readonly<{
  effect: 'added' | 'modified' | 'released' | 'unchanged';
  needsProfile: boolean;
  pendingUuid: string | null;
}>;

/**
 * The idempotency key of one Apple fact: the same record applied twice (a page replayed after a
 * crash) derives the same event ids, so the store keeps one copy. The digest of the fact keeps two
 * different records with the same operation and op_date (Apple's dates have one-second precision)
 * from sharing ids.
 */
export const appleFactKey = (tokenId: string, fact: AppleDeviceFact, observedAt: string): string => {
  const digest = createHash('sha1').update(JSON.stringify(fact.details)).digest('base64url').slice(0, 16);
  return `apple:${tokenId}:${fact.serial}:${fact.operation ?? 'fetched'}:${fact.operationDate ?? observedAt}:${digest}`;
};

/**
 * Applies one page of Apple's feed to the device streams: one record per serial (latest op_date),
 * personal data as vault references, each record through the Device decider (which ignores what is
 * older than what a device already has), then Apple's replacement details of the page's replacement
 * devices whose original is not recorded yet. Returns the page's counts; recording the page is the
 * caller's next step, never before this one finished.
 */
export const applyPage = async (
  work: TokenWork,
  runId: string,
  page: DevicePage,
  makeFact: DeviceFactMaker,
  seen: SerialSet | null,
  signal?: AbortSignal,
): Promise<AppliedPage> => {
  const tokenId = work.tokenId;
  const observedAt = page.fetchedUntil ?? work.clock.now().toISOString();
  const records = latestRecordPerSerial(page.devices);
  const facts = await mapWithConcurrency(records, work.applyConcurrency, async (record) => {
    seen?.add(record.serial);
    return makeFact(record);
  });
  // Staged: the page's device writes are appended together with its default-profile requests, in one
  // call before the page record (one transaction); devices this run already wrote are decided on the
  // state it holds, not read back.
  const streamNames = facts.map((fact) => deviceStream(fact.serial));
  const results = await handleCommandBatch(
    work.store,
    work.serde,
    deviceDecider,
    facts.map((fact, index) => ({
      streamName: streamNames[index] as string,
      command: {
        type: 'ApplyAppleRecord' as const,
        data: { tokenId, fact, observedAt, runId },
        metadata: {
          ...work.metadata(appleFactKey(tokenId, fact, observedAt)),
          idempotencyTime: Date.parse(fact.operationDate ?? observedAt),
        },
      },
    })),
    { retries: 3, known: work.devices.lookup, staged: work.page },
  );
  work.devices.remember(streamNames, results);
  const replacements: string[] = [];
  const outcomes = results.map((result): RecordOutcome => {
    if (!result.ok) throw result.error;
    const types = new Set(result.events.map((e) => e.type));
    const justAssigned = types.has('DeviceAssignedToServer');
    const effect = justAssigned
      ? 'added'
      : types.has('DeviceReleased')
        ? 'released'
        : types.has('DeviceDetailsChanged')
          ? 'modified'
          : 'unchanged';
    const state = result.state;
    if (awaitsReplacementDetails(state, tokenId)) replacements.push(state.serial);
    const pendingUuid =
      state.status === 'assigned' && state.tokenId === tokenId && state.assignment?.state === 'pending'
        ? state.assignment.profileUuid
        : null;
    return { effect, needsProfile: needsDefaultProfile(state, tokenId, justAssigned), pendingUuid };
  });
  const counts = { received: page.devices.length, added: 0, modified: 0, released: 0, unchanged: 0 };
  const needingProfile: string[] = [];
  const pending = new Map<string, string[]>();
  outcomes.forEach((outcome, index) => {
    const serial = (records[index] as DeviceRecord).serial;
    counts[outcome.effect] += 1;
    if (outcome.needsProfile) needingProfile.push(serial);
    else if (outcome.pendingUuid !== null) pending.set(outcome.pendingUuid, [...(pending.get(outcome.pendingUuid) ?? []), serial]);
  });
  await recordReplacements(work, replacements, signal);
  return { counts, needingProfile, pending };
};
