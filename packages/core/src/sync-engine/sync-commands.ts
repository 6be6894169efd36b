import { handleCommand } from '../handling/command-handler';
import type { SyncCommand } from '../sync/sync-commands';
import { syncDecider } from '../sync/sync-decider';
import { syncStream } from '../sync/sync-events';
import { commandMetadata, type RunMetadata, type SyncEngineContext } from './sync-engine-context';

type DataOf<T extends SyncCommand['type']> = Extract<SyncCommand, { type: T }>['data'];
type SyncState = ReturnType<typeof syncDecider.initialState>;

/**
 * What a run's last command left on its Sync stream: the run's next command starts from it
 * instead of re-reading a stream that grows by one event per page (a read per page made a run
 * quadratic in its pages). A stale entry only costs a re-read (see `known` in handleCommand).
 */
const lastKnown = new WeakMap<RunMetadata, Readonly<{ stream: string; state: SyncState; revision: number }>>();

/** Sends one command to a token's Sync decider. */
export const sendSyncCommand = async <T extends SyncCommand['type']>(
  context: SyncEngineContext,
  run: RunMetadata,
  tokenId: string,
  type: T,
  data: DataOf<T>,
  idempotencyKey?: string,
) => {
  const stream = syncStream(tokenId);
  const cached = lastKnown.get(run);
  try {
    const result = await handleCommand(
      context.store,
      context.serde,
      syncDecider,
      stream,
      // The run's own events (its Sync stream) are recorded as done by who asked for the run.
      { type, data, metadata: commandMetadata(context, { actor: run.requestedBy ?? run.actor, correlationId: run.correlationId }, idempotencyKey) } as Extract<
        SyncCommand,
        { type: T }
      >,
      // Re-deciding against a newer state is always safe for the Sync decider: a racing request is then refused.
      { retries: 3, ...(cached?.stream === stream ? { known: { state: cached.state, revision: cached.revision } } : {}) },
    );
    lastKnown.set(run, { stream, state: result.state, revision: result.nextExpectedRevision });
    return result;
  } catch (error) {
    lastKnown.delete(run);
    throw error;
  }
};
