import { addCounts, streamPrefixes, zeroCounts, type RecordedEvent, type SyncEvent } from '@depledger/core';
import { defineProjection } from '../projection/projection';
import type { SyncRunDoc } from './sync-run-doc';

/** Sync runs are kept under `<tokenId>/<runId>`, so one token's runs list by prefix. */
export const syncRunKey = (tokenId: string, runId: string): string => `${tokenId}/${runId}`;

const requestedRun = (
  event: RecordedEvent<SyncEvent>,
  d: { tokenId: string; runId: string; requested: 'full' | 'incremental'; trigger: 'manual' | 'schedule' },
): SyncRunDoc => ({
  tokenId: d.tokenId,
  runId: d.runId,
  actor: event.metadata.actor,
  trigger: d.trigger,
  requested: d.requested,
  kind: null,
  downgrade: null,
  requestedAt: event.metadata.occurredAt,
  startedAt: null,
  deadlineAt: null,
  finishedAt: null,
  outcome: 'running',
  pages: 0,
  counts: zeroCounts,
  records: { fetch: 0, sync: 0 },
  fullFetchCompleted: false,
  durationMs: null,
  cursorResets: [],
  failure: null,
  refusal: null,
});

const evolveRun = (doc: SyncRunDoc | null, event: RecordedEvent<SyncEvent>): SyncRunDoc | null => {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'SyncRunStarted': {
      const d = event.data;
      return { ...requestedRun(event, d), kind: d.kind, downgrade: d.downgrade, startedAt: d.startedAt, deadlineAt: d.deadlineAt };
    }
    case 'SyncRunRefused': {
      const d = event.data;
      return {
        ...requestedRun(event, d),
        outcome: 'refused',
        finishedAt: at,
        refusal: { reason: d.reason, blockingRunId: d.blockingRunId, retryAt: d.retryAt },
      };
    }
    default:
      break;
  }
  if (doc === null) return null;
  switch (event.type) {
    case 'SyncPageRecorded':
      return {
        ...doc,
        pages: doc.pages + 1,
        counts: addCounts(doc.counts, event.data.counts),
        records: { ...doc.records, [event.data.phase]: doc.records[event.data.phase] + event.data.counts.received },
      };
    case 'SyncCursorReset':
      return { ...doc, cursorResets: [...doc.cursorResets, event.data.reason] };
    case 'SyncRunCompleted': {
      const d = event.data;
      return {
        ...doc,
        outcome: d.outcome,
        finishedAt: at,
        pages: d.pages,
        counts: d.counts,
        fullFetchCompleted: d.fullFetchCompleted,
        durationMs: d.durationMs,
      };
    }
    case 'SyncRunFailed':
      return {
        ...doc,
        outcome: 'failed',
        finishedAt: at,
        durationMs: event.data.durationMs,
        failure: { code: event.data.code, message: event.data.message },
      };
    case 'SyncRunTimedOut':
      return { ...doc, outcome: 'timed_out', finishedAt: event.data.detectedAt };
    case 'SyncRunAbandoned':
      return { ...doc, outcome: 'abandoned', finishedAt: event.data.leaseExpiredAt ?? event.data.detectedAt };
    default:
      return doc;
  }
};

/** Sync history, one document per run (and per refused request), keyed `<tokenId>/<runId>`. */
export const syncHistoryProjection = defineProjection<SyncRunDoc, SyncEvent>({
  name: 'sync-history',
  // 2: the records of each pass (`records`), so a full run's devices are not counted twice
  version: 2,
  streamPrefixes: [streamPrefixes.sync],
  keyOf: (event) => syncRunKey(event.data.tokenId, event.data.runId),
  evolve: (doc, event) => evolveRun(doc, event),
});
