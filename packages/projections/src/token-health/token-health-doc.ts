import type { TokenRejected } from '@depledger/core';

/** One DEP server token's health, as its events left it. Only vault references for people. */
export type TokenHealthDoc = Readonly<{
  tokenId: string;
  /** `none`: only sync events seen so far. */
  stage: 'none' | 'key_issued' | 'active' | 'removed';
  /** The Apple ID the token was first uploaded with (a vault reference): renewals must use the same one. */
  appleIdRef: string | null;
  orgName: string | null;
  orgType: string | null;
  /** The MDM server's name in Apple Business Manager. */
  serverName: string | null;
  keyIssuedAt: string | null;
  uploadedAt: string | null;
  renewedAt: string | null;
  expiresAt: string | null;
  termsNotSignedSince: string | null;
  rejectedSince: string | null;
  rejectedReason: TokenRejected['data']['reason'] | null;
  expiredAt: string | null;
  defaultProfileId: string | null;
  lastSuccessfulSyncAt: string | null;
  /** When the last full fetch completed: the sync policy counts the next full sync from it. */
  lastFullSyncAt: string | null;
  runningSync: Readonly<{ runId: string; startedAt: string; deadlineAt: string }> | null;
  /** The last run that stopped part-way: the code its SyncRunFailed event recorded, or `SYNC_RUN_TIMED_OUT` (docs/errors.md). */
  lastSyncFailure: Readonly<{ runId: string; code: string; at: string }> | null;
  updatedAt: string;
}>;
