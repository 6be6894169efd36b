import { matchesPrefixes, type EventStore, type ReadAllOptions, type RecordedEvent, type StoredEvent } from '@depledger/core';
import type { AnyProjection } from '../projection/projection';
import type { ReadModelAddress } from '../read-model-store/read-model-store';
import { pendingFold } from './fold-batch';
import type { RunnerContext } from './runner-context';

export type CatchUpLimit = Readonly<{
  /** Fold events up to this global position (inclusive). @defaultValue the store's head when called */
  position?: number;
  /** Only fold events that occurred at or before this time (`metadata.occurredAt`). */
  time?: Date;
}>;

export type CatchUpTarget = Readonly<{
  projection: AnyProjection;
  address: ReadModelAddress;
  /**
   * Commit once this many events wait (0: every batch). A version readers do not see yet (a rebuild,
   * an as-of) can commit less often: fewer transactions, each document written once per commit.
   */
  commitEvery?: number;
  /** Commit, too, once this many documents are held in memory (see `commitEvery`). @defaultValue no bound */
  holdUpTo?: number;
  /** The version holds no document yet (just created): the fold loads none until it has committed some. */
  startsEmpty?: boolean;
}>;

/** The streams to read for all targets: the union of their prefixes, or every stream if one reads all. */
const prefixesOf = (targets: readonly CatchUpTarget[]): readonly string[] | undefined => {
  const all = new Set<string>();
  for (const { projection } of targets) {
    if (!projection.streamPrefixes || projection.streamPrefixes.length === 0) return undefined;
    for (const prefix of projection.streamPrefixes) all.add(prefix);
  }
  return [...all];
};

/** The next batch of the log up to `head`: at once from a store that offers pages, else through readAll. */
const readBatch = async (
  eventStore: EventStore,
  options: ReadAllOptions & Readonly<{ maxCount: number }>,
  head: number,
): Promise<readonly StoredEvent[]> => {
  if (eventStore.readAllPage) {
    const page = await eventStore.readAllPage(options);
    let end = page.length;
    while (end > 0 && (page[end - 1] as StoredEvent).position > head) end--;
    return end === page.length ? page : page.slice(0, end);
  }
  const batch: StoredEvent[] = [];
  for await (const stored of eventStore.readAll(options)) {
    if (stored.position > head) break;
    batch.push(stored);
  }
  return batch;
};

/**
 * Brings read-model versions up to a limit in one pass over the global log: each batch is read once,
 * each event decoded once, and handed to every version that is behind it and reads its stream;
 * each version commits its documents with its checkpoint. Every version ends with its checkpoint at
 * the limit (so a read model whose streams saw no recent event still counts as caught up).
 * Returns the checkpoints reached, in the targets' order.
 */
export const catchUp = async (context: RunnerContext, targets: readonly CatchUpTarget[], limit: CatchUpLimit = {}): Promise<number[]> => {
  const { eventStore, readModels, serde, batchSize } = context;
  const head = limit.position ?? (await eventStore.headPosition());
  const until = limit.time?.getTime();
  const checkpoints = await Promise.all(targets.map((t) => readModels.checkpoint(t.address)));
  const folds = targets.map((t, i) =>
    pendingFold(readModels, t.projection, t.address, checkpoints[i] as number, t.commitEvery ?? 0, t.holdUpTo, t.startsEmpty),
  );
  const streamPrefixes = prefixesOf(targets);
  // alone, a target's prefixes are the read's: only several targets need a check per event
  const filter = targets.length > 1;
  let from = Math.min(head, ...checkpoints);
  while (from < head) {
    const batch = await readBatch(eventStore, { after: from, maxCount: batchSize, streamPrefixes }, head);
    const last = batch[batch.length - 1];
    if (!last) break;
    const decoded: (RecordedEvent | undefined)[] = new Array(batch.length);
    for (const [t, { projection }] of targets.entries()) {
      const fold = folds[t] as (typeof folds)[number];
      const reached = fold.reached();
      if (reached >= last.position) continue;
      const events: RecordedEvent[] = [];
      for (let i = 0; i < batch.length; i++) {
        const stored = batch[i] as StoredEvent;
        if (stored.position <= reached || (filter && !matchesPrefixes(stored.streamName, projection.streamPrefixes))) continue;
        if (until !== undefined && Date.parse(stored.metadata.occurredAt) > until) continue;
        events.push((decoded[i] ??= serde.decode(stored)));
      }
      await fold.add(events, last.position);
    }
    from = last.position;
    if (batch.length < batchSize) break;
  }
  // every version ends at the limit, with what it still holds committed
  const reached: number[] = [];
  for (const fold of folds) {
    if (fold.reached() < head) await fold.add([], head);
    reached.push(await fold.flush());
  }
  return reached;
};

/** Brings one read-model version up to a limit; returns the checkpoint reached. */
export const catchUpVersion = async (
  context: RunnerContext,
  projection: AnyProjection,
  address: ReadModelAddress,
  limit: CatchUpLimit = {},
): Promise<number> => (await catchUp(context, [{ projection, address }], limit))[0] as number;
