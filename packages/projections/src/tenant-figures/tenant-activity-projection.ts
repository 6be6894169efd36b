import { streamPrefixes, type DeviceEvent, type RecordedEvent, type SyncEvent } from '@depledger/core';
import { defineProjection } from '../projection/projection';
import { noActivity, tenantActivityKey, type TenantActivityDoc } from './tenant-activity-doc';

type Handled = SyncEvent | DeviceEvent;

const blank = (at: string): TenantActivityDoc => ({ ...noActivity(at), updatedAt: at });

const counted = (doc: TenantActivityDoc, outcome: keyof TenantActivityDoc['syncs'], at: string): TenantActivityDoc => ({
  ...doc,
  syncs: { ...doc.syncs, [outcome]: doc.syncs[outcome] + 1 },
  updatedAt: at,
});

const assigned = (doc: TenantActivityDoc, answer: keyof TenantActivityDoc['assignments'], at: string): TenantActivityDoc => ({
  ...doc,
  assignments: { ...doc.assignments, [answer]: doc.assignments[answer] + 1 },
  updatedAt: at,
});

const evolveActivity = (doc: TenantActivityDoc, event: RecordedEvent<Handled>): TenantActivityDoc => {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'SyncRunStarted':
      return counted(doc, 'started', at);
    case 'SyncRunRefused':
      return counted(doc, 'refused', at);
    case 'SyncPageRecorded':
      return {
        ...doc,
        applePagesFetched: doc.applePagesFetched + 1,
        appleRecordsReceived: doc.appleRecordsReceived + event.data.counts.received,
        updatedAt: at,
      };
    case 'SyncRunCompleted':
      return { ...counted(doc, 'completed', at), lastCompletedAt: at };
    case 'SyncRunFailed': {
      const { code } = event.data;
      return {
        ...counted(doc, 'failed', at),
        failuresByCode: { ...doc.failuresByCode, [code]: (doc.failuresByCode[code] ?? 0) + 1 },
        lastFailedAt: at,
      };
    }
    case 'SyncRunTimedOut':
      return counted(doc, 'timedOut', at);
    case 'SyncRunAbandoned':
      return counted(doc, 'abandoned', at);
    case 'ProfileAssignmentSucceeded':
      return assigned(doc, 'succeeded', at);
    case 'ProfileAssignmentFailed':
      return assigned(doc, 'failed', at);
    case 'ProfileAssignmentThrottled':
      return assigned(doc, 'throttled', at);
    default:
      return doc;
  }
};

/**
 * The organisation's activity in one document (`activity`): every tenant's runner keeps its own, so
 * an operator reads each organisation's figures without counting its events (see `tenantFigures`).
 */
export const tenantActivityProjection = defineProjection<TenantActivityDoc, Handled>({
  name: 'tenant-activity',
  version: 1,
  streamPrefixes: [streamPrefixes.sync, streamPrefixes.device],
  eventTypes: [
    'SyncRunStarted',
    'SyncRunRefused',
    'SyncPageRecorded',
    'SyncRunCompleted',
    'SyncRunFailed',
    'SyncRunTimedOut',
    'SyncRunAbandoned',
    'ProfileAssignmentSucceeded',
    'ProfileAssignmentFailed',
    'ProfileAssignmentThrottled',
  ],
  keyOf: () => tenantActivityKey,
  evolve: (doc, event) => evolveActivity(doc ?? blank(event.metadata.occurredAt), event),
});
