import type { Lang } from '../labels/labels';
import { syncOutcomeLabel, syncRefusalLabel } from '../labels/sync-labels';
import { readModelOf } from '../read-model-store/read-model-reader';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { syncHistoryProjection } from './sync-history-projection';
import type { SyncRunDoc } from './sync-run-doc';

export type SyncRunView = SyncRunDoc &
  Readonly<{
    outcomeLabel: string;
    /** Why a request was refused, in words, or null. */
    refusalLabel: string | null;
  }>;

export type SyncHistoryOptions = Readonly<{
  /** @defaultValue 'fr' */
  lang?: Lang;
  /** At most this many runs, the most recent first. */
  limit?: number;
}>;

export const viewSyncRun = (doc: SyncRunDoc, lang: Lang): SyncRunView => ({
  ...doc,
  outcomeLabel: syncOutcomeLabel(doc.outcome, lang),
  refusalLabel: doc.refusal ? syncRefusalLabel(doc.refusal.reason, lang) : null,
});

/** A token's sync runs and refused requests, the most recent first. */
export const syncHistory = async (
  readModels: ReadModelStore,
  tokenId: string,
  options: SyncHistoryOptions = {},
): Promise<SyncRunView[]> => {
  const docs = await (await readModelOf(readModels, syncHistoryProjection)).all({ prefix: `${tokenId}/` });
  const recentFirst = docs.sort(
    (a, b) => (b.startedAt ?? b.requestedAt).localeCompare(a.startedAt ?? a.requestedAt) || b.runId.localeCompare(a.runId),
  );
  return recentFirst.slice(0, options.limit ?? recentFirst.length).map((doc) => viewSyncRun(doc, options.lang ?? 'fr'));
};
