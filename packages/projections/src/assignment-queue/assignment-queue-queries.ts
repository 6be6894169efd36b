import { assignmentLabel } from '../labels/device-status-labels';
import type { Lang } from '../labels/labels';
import { readModelOf } from '../read-model-store/read-model-reader';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { assignmentQueueProjection, type QueuedAssignmentDoc } from './assignment-queue-projection';

export type QueuedAssignmentView = QueuedAssignmentDoc &
  Readonly<{
    stateLabel: string;
    /** Whether a retry is due at `now` (always false while pending, or when no `now` was given). */
    due: boolean;
  }>;

export type AssignmentQueueOptions = Readonly<{
  tokenId?: string;
  /** The time to judge which retries are due. */
  now?: Date;
  /** @defaultValue 'fr' */
  lang?: Lang;
}>;

/** Devices waiting on an assignment: pending ones first (oldest first), then retries by when they are due. */
export const assignmentQueue = async (
  readModels: ReadModelStore,
  options: AssignmentQueueOptions = {},
): Promise<QueuedAssignmentView[]> => {
  const docs = await (await readModelOf(readModels, assignmentQueueProjection)).all();
  const now = options.now?.getTime();
  const order = (d: QueuedAssignmentDoc) => `${d.retryAt === null ? '0' : '1'}${d.retryAt ?? d.since}${d.serial}`;
  return docs
    .filter((d) => options.tokenId === undefined || d.tokenId === options.tokenId)
    .sort((a, b) => order(a).localeCompare(order(b)))
    .map((d) => ({
      ...d,
      stateLabel: assignmentLabel(d.state, options.lang ?? 'fr'),
      due: now !== undefined && d.retryAt !== null && Date.parse(d.retryAt) <= now,
    }));
};
