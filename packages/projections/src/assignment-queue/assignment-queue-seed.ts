import type { AssignmentQueueSeed } from '@depledger/core';
import { readModelOf } from '../read-model-store/read-model-reader';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { assignmentQueueProjection } from './assignment-queue-projection';

/**
 * Where a sync engine's assignment waits may start (core's `assignmentQueue` option): the live
 * assignment-queue read model and its checkpoint, so that a fresh process folds only the device
 * events stored since instead of the whole log. Null — the waits then fold the log — when the read
 * model was never built, is of another projection version (a rebuild is due), or moved while it was
 * read (its documents and checkpoint must describe the same position).
 */
export const assignmentQueueSeed =
  (readModels: ReadModelStore): AssignmentQueueSeed =>
  async () => {
    const reader = await readModelOf(readModels, assignmentQueueProjection);
    if (reader.version === null || reader.version.projectionVersion !== assignmentQueueProjection.version) return null;
    const before = await reader.checkpoint();
    const queued = await reader.all();
    const after = await reader.checkpoint();
    return before === after && before > 0 ? { position: before, queued } : null;
  };
