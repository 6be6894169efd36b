import { streamPrefixes, type RecordedEvent, type SyncEvent, type TokenEvent } from '@depledger/core';
import { defineProjection } from '../projection/projection';
import type { TokenHealthDoc } from './token-health-doc';

type Handled = TokenEvent | SyncEvent;

const blank = (tokenId: string, at: string): TokenHealthDoc => ({
  tokenId,
  stage: 'none',
  appleIdRef: null,
  orgName: null,
  orgType: null,
  serverName: null,
  keyIssuedAt: null,
  uploadedAt: null,
  renewedAt: null,
  expiresAt: null,
  termsNotSignedSince: null,
  rejectedSince: null,
  rejectedReason: null,
  expiredAt: null,
  defaultProfileId: null,
  lastSuccessfulSyncAt: null,
  lastFullSyncAt: null,
  runningSync: null,
  lastSyncFailure: null,
  updatedAt: at,
});

const evolveToken = (doc: TokenHealthDoc, event: RecordedEvent<TokenEvent>, at: string): TokenHealthDoc => {
  switch (event.type) {
    case 'EncryptionKeyIssued':
      return doc.stage === 'none' ? { ...doc, stage: 'key_issued', keyIssuedAt: at } : doc;
    case 'ServerTokenUploaded':
      return { ...doc, stage: 'active', appleIdRef: event.data.appleIdRef, uploadedAt: at, expiresAt: event.data.accessTokenExpiry };
    case 'ServerTokenRenewed':
      return { ...doc, renewedAt: at, expiresAt: event.data.accessTokenExpiry, rejectedSince: null, rejectedReason: null, expiredAt: null };
    case 'AccountVerified':
      return { ...doc, orgName: event.data.orgName, orgType: event.data.orgType, serverName: event.data.serverName };
    case 'TermsNotSigned':
      return { ...doc, termsNotSignedSince: event.data.detectedAt };
    case 'TermsAccepted':
      return { ...doc, termsNotSignedSince: null };
    case 'TokenRejected':
      return { ...doc, rejectedSince: event.data.detectedAt, rejectedReason: event.data.reason };
    case 'TokenExpired':
      return { ...doc, expiredAt: event.data.expiredAt };
    case 'DefaultProfileChanged':
      return { ...doc, defaultProfileId: event.data.profileId };
    case 'TokenRemoved':
      return { ...doc, stage: 'removed', runningSync: null };
    default:
      return doc;
  }
};

const evolveSync = (doc: TokenHealthDoc, event: RecordedEvent<SyncEvent>, at: string): TokenHealthDoc => {
  switch (event.type) {
    case 'SyncRunStarted':
      return { ...doc, runningSync: { runId: event.data.runId, startedAt: event.data.startedAt, deadlineAt: event.data.deadlineAt } };
    case 'SyncRunCompleted':
      return {
        ...doc,
        runningSync: null,
        lastSuccessfulSyncAt: at,
        lastFullSyncAt: event.data.fullFetchCompleted ? at : doc.lastFullSyncAt,
      };
    case 'SyncRunFailed':
      return {
        ...doc,
        runningSync: doc.runningSync?.runId === event.data.runId ? null : doc.runningSync,
        lastSyncFailure: { runId: event.data.runId, code: event.data.code, at },
      };
    case 'SyncRunTimedOut':
      return {
        ...doc,
        runningSync: doc.runningSync?.runId === event.data.runId ? null : doc.runningSync,
        lastSyncFailure: { runId: event.data.runId, code: 'SYNC_RUN_TIMED_OUT', at },
      };
    case 'SyncRunAbandoned':
      return {
        ...doc,
        runningSync: doc.runningSync?.runId === event.data.runId ? null : doc.runningSync,
        lastSyncFailure: { runId: event.data.runId, code: 'SYNC_RUN_ABANDONED', at },
      };
    default:
      return doc;
  }
};

const isSyncEvent = (event: RecordedEvent<Handled>): event is RecordedEvent<SyncEvent> => event.streamName.startsWith(streamPrefixes.sync);

/** Token health, one document per token: its token events plus what its sync runs tell about contact with Apple. */
export const tokenHealthProjection = defineProjection<TokenHealthDoc, Handled>({
  name: 'token-health',
  // 2: a timed-out run's failure carries the catalogue's SYNC_RUN_TIMED_OUT (1 wrote SYNC_TIMED_OUT, a code of no catalogue).
  version: 2,
  streamPrefixes: [streamPrefixes.token, streamPrefixes.sync],
  keyOf: (event) => {
    const tokenId = (event.data as { tokenId?: unknown }).tokenId;
    return typeof tokenId === 'string' ? tokenId : null;
  },
  evolve: (doc, event, tokenId) => {
    const at = event.metadata.occurredAt;
    const current = { ...(doc ?? blank(tokenId, at)), updatedAt: at };
    return isSyncEvent(event) ? evolveSync(current, event, at) : evolveToken(current, event as RecordedEvent<TokenEvent>, at);
  },
});
