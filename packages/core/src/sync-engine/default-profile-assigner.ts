import type { ActiveToken } from '../token/token-state';
import { addTally, emptyTally, requestAssignments, sendAssignments, type AssignmentTally } from './assignment-sender';
import { lookUpPublishedProfile, type AssignmentTarget } from './published-profile';
import type { RunMetadata, SyncEngineContext } from './sync-engine-context';
import type { AssignmentSummary } from './sync-result';

/**
 * Gives new devices the token's default profile during a run, page by page: the requests are
 * recorded before the page (so a crash cannot lose them), then sent after it.
 */
export const createDefaultProfileAssigner = (context: SyncEngineContext, run: RunMetadata, token: ActiveToken) => {
  let target: Promise<AssignmentTarget | null> | null = null;
  let skipped: AssignmentSummary['skipped'] = null;
  let tally: AssignmentTally = emptyTally();
  const resolve = (): Promise<AssignmentTarget | null> => {
    target ??= (async () => {
      if (!token.defaultProfileId) {
        skipped = 'no_default_profile';
        return null;
      }
      const lookup = await lookUpPublishedProfile(context, token.tokenId, token.defaultProfileId);
      if (!lookup.ok) skipped = 'default_profile_not_published';
      return lookup.ok ? lookup.target : null;
    })();
    return target;
  };
  return {
    /**
     * Records the requests; returns what to send once the page is recorded: the new requests, and
     * the default-profile requests the page's devices already had pending (recorded, maybe never sent).
     */
    request: async (serials: readonly string[], alreadyPending: ReadonlyMap<string, readonly string[]>): Promise<{ target: AssignmentTarget; serials: readonly string[] } | null> => {
      if (serials.length === 0 && alreadyPending.size === 0) return null;
      const profile = await resolve();
      if (!profile) return null;
      const { pending } = serials.length === 0 ? { pending: [] } : await requestAssignments(context, run, token.tokenId, profile, serials, 'default_profile');
      const toSend = [...new Set([...pending, ...(alreadyPending.get(profile.profileUuid) ?? [])])];
      return toSend.length === 0 ? null : { target: profile, serials: toSend };
    },
    send: async (requested: { target: AssignmentTarget; serials: readonly string[] } | null, signal: AbortSignal): Promise<void> => {
      if (!requested) return;
      tally = addTally(tally, await sendAssignments(context, run, token.tokenId, requested.target.profileUuid, requested.serials, signal));
    },
    summary: (): AssignmentSummary => ({ ...tally, skipped }),
  };
};
