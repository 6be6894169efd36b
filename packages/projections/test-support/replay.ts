import type { EventStore } from '@depledger/core';
import {
  createInMemoryReadModelStore,
  createProjectionRunner,
  readModelOf,
  type AnyProjection,
  type DocumentOf,
  type ReadModelStore,
} from '../src/index';

/** Every document of a projection's live read model, in key order. */
export const documentsOf = async <P extends AnyProjection>(readModels: ReadModelStore, projection: P): Promise<DocumentOf<P>[]> =>
  (await readModelOf(readModels, projection)).all();

/** Builds read models of the store's events with a fresh runner, and returns them. */
export const project = async (eventStore: EventStore, projections: readonly AnyProjection[]): Promise<ReadModelStore> => {
  const readModels = createInMemoryReadModelStore();
  await createProjectionRunner({ eventStore, readModels, projections }).catchUp();
  return readModels;
};

/**
 * Folds the store's events, then the same events again — a second runner over the same read models
 * (a restart) and a rebuild from position 0 — and returns the three read models.
 */
export const replayTwice = async <P extends AnyProjection>(eventStore: EventStore, projection: P) => {
  const readModels = createInMemoryReadModelStore();
  const runner = createProjectionRunner({ eventStore, readModels, projections: [projection], batchSize: 3 });
  await runner.catchUp();
  const once = await documentsOf(readModels, projection);
  await createProjectionRunner({ eventStore, readModels, projections: [projection], batchSize: 2 }).catchUp();
  const again = await documentsOf(readModels, projection);
  await runner.rebuild(projection.name);
  const rebuilt = await documentsOf(readModels, projection);
  return { once, again, rebuilt };
};
