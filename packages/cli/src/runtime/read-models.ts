import type { EventStore } from '@depledger/core';
import {
  builtInProjections,
  createInMemoryReadModelStore,
  createProjectionRunner,
  type ProjectionRunner,
  type ReadModelStore,
} from '@depledger/projections';

export type ProjectedReadModels = Readonly<{ readModels: ReadModelStore; runner: ProjectionRunner }>;

/**
 * The built-in read models, caught up to the store's head. Until a durable read-model store
 * exists they are folded into memory at each command (fast at the fleet sizes of one machine);
 * switching to a durable one changes this function only.
 */
export const projectReadModels = async (eventStore: EventStore): Promise<ProjectedReadModels> => {
  const readModels = createInMemoryReadModelStore();
  const runner = createProjectionRunner({ eventStore, readModels, projections: builtInProjections });
  await runner.catchUp();
  return { readModels, runner };
};
