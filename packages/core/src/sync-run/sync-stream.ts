import { handleCommand } from '../handling/command-handler';
import type { SyncCommand } from '../sync/sync-commands';
import { syncDecider } from '../sync/sync-decider';
import { syncStream } from '../sync/sync-events';
import type { SyncState } from '../sync/sync-state';
import type { RunMetadata, TokenWork } from './engine-context';
import { readSyncState, recordSyncSnapshot, snapshotEvery } from './sync-snapshots';

type DataOf<T extends SyncCommand['type']> = Extract<SyncCommand, { type: T }>['data'];

/**
 * What a run's last command left on its Sync stream: the run's next command starts from it
 * instead of re-reading a stream that grows by one event per page (a read per page made a run
 * quadratic in its pages). A stale entry only costs a re-read (see `known` in handleCommand).
 */
const lastKnown = new WeakMap<RunMetadata, Readonly<{ stream: string; state: SyncState; revision: number; snapshotRevision: number }>>();

/**
 * Sends one command of a run to its token's Sync aggregate (core/src/sync), which decides it. The
 * run's own events are recorded as done by who asked for the run (`requestedBy`, else the actor).
 */
export const recordOnSyncStream = async <T extends SyncCommand['type']>(
  work: TokenWork,
  type: T,
  data: DataOf<T>,
  idempotencyKey?: string,
) => {
  const stream = syncStream(work.tokenId);
  const known = lastKnown.get(work.run);
  // the run's first command starts from the token's last snapshot, not the stream's first event
  const cached = known?.stream === stream ? known : { stream, ...(await readSyncState(work.store, work.serde, work.tokenId)) };
  const { requestedBy, ...metadata } = work.metadata(idempotencyKey);
  try {
    const result = await handleCommand(
      work.store,
      work.serde,
      syncDecider,
      stream,
      { type, data, metadata: { ...metadata, actor: requestedBy ?? metadata.actor } } as Extract<SyncCommand, { type: T }>,
      // Re-deciding against a newer state is always safe for the Sync decider: a racing request is then refused.
      { retries: 3, known: { state: cached.state, revision: cached.revision } },
    );
    let snapshotRevision = cached.snapshotRevision;
    const due = result.state.status === 'idle' || result.nextExpectedRevision - snapshotRevision >= snapshotEvery;
    if (result.events.length > 0 && due) {
      // a snapshot that cannot be written costs only a longer read next time
      await recordSyncSnapshot(work.store, work.tokenId, result.state, result.nextExpectedRevision, metadata.now).then(
        () => (snapshotRevision = result.nextExpectedRevision),
        () => undefined,
      );
    }
    lastKnown.set(work.run, { stream, state: result.state, revision: result.nextExpectedRevision, snapshotRevision });
    return result;
  } catch (error) {
    lastKnown.delete(work.run);
    throw error;
  }
};
