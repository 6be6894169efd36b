import { randomUUID } from 'node:crypto';
import type { EventStore, StoredEvent } from '../ports/event-store';
import type { EventSerde } from '../serde/event-serde';
import { syncDecider } from '../sync/sync-decider';
import { syncStream, type SyncEvent } from '../sync/sync-events';
import type { SyncState } from '../sync/sync-state';

/**
 * The Sync stream of a token only grows (a few events per run, one per page, one per refusal): a
 * command reads it from the last snapshot of its state instead of from the start, so its reads stay
 * bounded by what happened since. Snapshots are bookkeeping events in `dep-snapshot-sync-<tokenId>`
 * (outside the event catalogue and outside `dep-sync-` reads), of which only the last is read.
 */
export const syncSnapshotStream = (tokenId: string): string => `dep-snapshot-sync-${tokenId}`;

const snapshotType = 'SyncStateSnapshot.v1';
/** The shape of SyncState the snapshots hold; a snapshot of another shape is ignored (the stream is folded from the start). */
const stateVersion = 1;

/** A snapshot when this many events were recorded since the last one (a run's end takes one too). */
export const snapshotEvery = 100;

export type SyncStateAt = Readonly<{ state: SyncState; revision: number; snapshotRevision: number }>;

const lastSnapshot = async (store: EventStore, tokenId: string): Promise<{ state: SyncState; revision: number } | null> => {
  const stream = syncSnapshotStream(tokenId);
  const head = await store.streamRevision(stream);
  if (head < 0) return null;
  let last: StoredEvent | undefined;
  for await (const event of store.readStream(stream, { fromRevision: head, maxCount: 1 })) last = event;
  const data = last?.data as { version?: unknown; revision?: unknown; state?: unknown } | undefined;
  if (last?.type !== snapshotType || data?.version !== stateVersion || typeof data.revision !== 'number' || typeof data.state !== 'object')
    return null;
  return { state: data.state as SyncState, revision: data.revision };
};

/** The token's Sync state and the stream's revision: the last snapshot, then the events after it. */
export const readSyncState = async (store: EventStore, serde: EventSerde, tokenId: string): Promise<SyncStateAt> => {
  const snapshot = await lastSnapshot(store, tokenId);
  let state = snapshot?.state ?? syncDecider.initialState();
  let revision = snapshot?.revision ?? -1;
  for await (const stored of store.readStream(syncStream(tokenId), { fromRevision: revision + 1 })) {
    state = syncDecider.evolve(state, serde.decode(stored) as SyncEvent);
    revision = stored.revision;
  }
  return { state, revision, snapshotRevision: snapshot?.revision ?? -1 };
};

/** Records the state at `revision` as the token's latest snapshot. */
export const recordSyncSnapshot = async (
  store: EventStore,
  tokenId: string,
  state: SyncState,
  revision: number,
  at: Date,
): Promise<void> => {
  const id = randomUUID();
  await store.appendToStream(
    syncSnapshotStream(tokenId),
    [
      {
        type: snapshotType,
        data: { version: stateVersion, revision, state },
        metadata: { eventId: id, occurredAt: at.toISOString(), actor: 'system:sync', correlationId: id, causationId: null, tokenId },
      },
    ],
    { expectedRevision: 'any' },
  );
};
