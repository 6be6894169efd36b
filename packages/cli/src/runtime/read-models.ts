import { isDepledgerError, type EventStore } from '@depledger/core';
import {
  builtInProjections,
  createInMemoryReadModelStore,
  createProjectionRunner,
  type ProjectionRunner,
  type ReadModelStore,
} from '@depledger/projections';

export type ProjectedReadModels = Readonly<{ readModels: ReadModelStore; runner: ProjectionRunner }>;

const attempts = 3;

/**
 * Events folded per read-model commit while a command catches up: a document a long history
 * changes again and again (a device's status at each step of a sync) is written once per commit,
 * not once per batch of 1000 events. Bounds the documents held in memory meanwhile.
 */
const catchUpCommitSize = 20_000;

/**
 * The built-in read models, caught up to the store's head: in the store's own read-model store when
 * it has one (SQLite keeps them beside the events, so a command folds only what is new), otherwise
 * folded into memory from the first event. Another command catching up the same file at the same
 * moment wins the race for a batch; this one then starts again from the new checkpoint.
 */
export const projectReadModels = async (eventStore: EventStore, durable?: ReadModelStore): Promise<ProjectedReadModels> => {
  const readModels = durable ?? createInMemoryReadModelStore();
  for (let attempt = 1; ; attempt++) {
    const runner = createProjectionRunner({ eventStore, readModels, projections: builtInProjections, catchUpCommitSize });
    try {
      await runner.catchUp();
      return { readModels, runner };
    } catch (error) {
      if (attempt >= attempts || !isDepledgerError(error, 'READ_MODEL_CHECKPOINT_CONFLICT')) throw error;
    }
  }
};
