import { handleCommand } from '../handling/command-handler';
import type { SyncCommand } from '../sync/sync-commands';
import { syncDecider } from '../sync/sync-decider';
import { syncStream } from '../sync/sync-events';
import { commandMetadata, type RunMetadata, type SyncEngineContext } from './sync-engine-context';

type DataOf<T extends SyncCommand['type']> = Extract<SyncCommand, { type: T }>['data'];

/** Sends one command to a token's Sync decider. */
export const sendSyncCommand = <T extends SyncCommand['type']>(
  context: SyncEngineContext,
  run: RunMetadata,
  tokenId: string,
  type: T,
  data: DataOf<T>,
  idempotencyKey?: string,
) =>
  handleCommand(
    context.store,
    context.serde,
    syncDecider,
    syncStream(tokenId),
    { type, data, metadata: commandMetadata(context, run, idempotencyKey) } as Extract<SyncCommand, { type: T }>,
    // Re-deciding against a newer state is always safe for the Sync decider: a racing request is then refused.
    { retries: 3 },
  );
