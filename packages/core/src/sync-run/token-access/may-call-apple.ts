import { isAfter } from 'date-fns/isAfter';
import { aggregateStream } from '../../handling/aggregate-stream';
import { handleCommand } from '../../handling/command-handler';
import { tokenDecider } from '../../token/token-decider';
import { tokenStream } from '../../token/token-events';
import type { ActiveToken } from '../../token/token-state';
import type { TokenWork } from '../engine-context';
import type { TokenRefusalReason } from '../../errors/refusal-codes';
import type { SyncRefusal } from '../run-result';

export type TokenCheck =
  Readonly<{ ok: true; token: ActiveToken }> | Readonly<{ ok: false; refusal: SyncRefusal & Readonly<{ reason: TokenRefusalReason }> }>;

const refuse = (reason: TokenRefusalReason, message: string): TokenCheck => ({
  ok: false,
  refusal: { reason, retryAt: null, message, blockingRunId: null },
});

/**
 * May this token talk to Apple? (Not to be confused with the token-health read model of
 * @depledger/projections, which reports a token's state to people: this is the check a call makes.) It must be active (a server token uploaded, not removed), not
 * expired and not rejected by Apple. An expiry noticed here is recorded on the token (TokenExpired).
 * "Terms not signed" does not stop a run: the next successful call is what clears it.
 */
export const checkToken = async (work: TokenWork): Promise<TokenCheck> => {
  const tokenId = work.tokenId;
  const { state } = await aggregateStream(work.store, work.serde, tokenDecider, tokenStream(tokenId));
  if (state.status !== 'active') {
    return refuse(
      'token_not_active',
      state.status === 'removed'
        ? `Token ${tokenId} was removed; create a new token to sync.`
        : `Token ${tokenId} has no server token: generate its key, upload the certificate to Apple Business Manager, then upload the .p7m it gives you.`,
    );
  }
  const now = work.clock.now();
  if (!isAfter(new Date(state.expiresAt), now)) {
    if (!state.expiredAt) {
      await handleCommand(work.store, work.serde, tokenDecider, tokenStream(tokenId), {
        type: 'CheckTokenExpiry',
        data: { tokenId },
        metadata: work.metadata(),
      });
    }
    return refuse(
      'token_expired',
      `Token ${tokenId}'s server token expired on ${state.expiresAt}: download a renewed token from Apple Business Manager (same Apple ID) and upload it, then sync again.`,
    );
  }
  if (state.rejectedSince) {
    return refuse(
      'token_rejected',
      `Apple has rejected token ${tokenId} since ${state.rejectedSince} (${state.rejectedReason ?? 'rejected'}): download a new server token from Apple Business Manager and upload it, then sync again.`,
    );
  }
  return { ok: true, token: state };
};
