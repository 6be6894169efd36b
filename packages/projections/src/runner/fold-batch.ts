import type { EventSerde, RecordedEvent, StoredEvent } from '@depledger/core';
import { documentAsRead, storedDocument, type AnyProjection } from '../projection/projection';
import type { DocumentChange, ReadModelAddress, ReadModelStore } from '../read-model-store/read-model-store';

const noDocuments: ReadonlyMap<string, unknown> = new Map();

/** Folds batches of decoded events into one version of a read model, committing them with their checkpoint. */
export type PendingFold = Readonly<{
  /** The position folded up to (committed or not). */
  reached(): number;
  /**
   * Folds events (in global order, all above `reached()`) and moves to `to`, which may be past the
   * last event (events of other streams were read too). Commits once `commitEvery` events wait or
   * `holdUpTo` documents are held.
   */
  add(events: readonly RecordedEvent[], to: number): Promise<void>;
  /** Commits the documents changed since the last commit with the checkpoint reached; returns it. */
  flush(): Promise<number>;
}>;

/**
 * A fold into one read-model version from its checkpoint. Documents changed since the last commit
 * stay in memory and are committed together, with the checkpoint, atomically: `commitEvery: 0`
 * commits every `add`; a larger value (a rebuild into a version nobody reads yet) commits less often,
 * so a document touched by several batches is loaded once and written once per commit. `holdUpTo`
 * bounds what that costs in memory: a commit follows the `add` that leaves that many documents held
 * (at most one batch's documents more), whatever the events' count. `startsEmpty` says the version
 * holds no document yet (a rebuild's fresh version): none is looked up until the fold commits one.
 */
export const pendingFold = (
  readModels: ReadModelStore,
  projection: AnyProjection,
  address: ReadModelAddress,
  checkpoint: number,
  commitEvery: number,
  holdUpTo: number = Number.POSITIVE_INFINITY,
  startsEmpty = false,
): PendingFold => {
  let committed = checkpoint;
  // a version known empty (a rebuild's fresh one) has nothing stored to load until the first commit
  let nothingStored = startsEmpty;
  let reached = checkpoint;
  let waiting = 0;
  let working = new Map<string, unknown>();

  const flush = async (): Promise<number> => {
    if (reached === committed && working.size === 0) return committed;
    const changes: DocumentChange[] = [];
    for (const [key, doc] of working) changes.push({ key, doc: storedDocument(projection, doc) });
    await readModels.commit(address, { expectedCheckpoint: committed, checkpoint: reached, changes });
    committed = reached;
    if (changes.length > 0) nothingStored = false;
    working = new Map();
    waiting = 0;
    return committed;
  };

  const add = async (events: readonly RecordedEvent[], to: number): Promise<void> => {
    // 1. which documents the events touch, and which of them are not in memory yet
    const handled: RecordedEvent[] = [];
    const keys: (string | readonly string[])[] = [];
    const missing = new Set<string>();
    for (const event of events) {
      if (!projection.handles(event.type)) continue;
      const key = projection.keyOf(event);
      if (key === null) continue;
      handled.push(event);
      keys.push(key);
      if (typeof key === 'string') {
        if (!working.has(key)) missing.add(key);
      } else {
        for (const k of key) if (!working.has(k)) missing.add(k);
      }
    }
    // 2. load those
    const loaded = missing.size > 0 && !nothingStored ? await readModels.getMany(address, [...missing]) : noDocuments;
    // 3. fold, each document from its latest value
    // a document in memory is never undefined (an absent one is null)
    const fold = (key: string, event: RecordedEvent) => {
      const inMemory = working.get(key);
      const doc = inMemory !== undefined ? inMemory : ((documentAsRead(projection, loaded.get(key), key) as unknown) ?? null);
      working.set(key, projection.evolve(doc, event, key) ?? null);
    };
    for (let i = 0; i < handled.length; i++) {
      const key = keys[i] as string | readonly string[];
      const event = handled[i] as RecordedEvent;
      if (typeof key === 'string') fold(key, event);
      else for (const k of key) fold(k, event);
    }
    reached = to;
    waiting += handled.length;
    if (waiting >= commitEvery || working.size >= holdUpTo) await flush();
  };

  return { reached: () => reached, add, flush };
};

/**
 * Folds decoded events (in global order, all above `checkpoint`) into one version of a read model
 * and commits the changed documents with the new checkpoint, atomically. `to` may be past the last
 * event (events of other streams were read too).
 */
export const foldEvents = async (
  readModels: ReadModelStore,
  projection: AnyProjection,
  address: ReadModelAddress,
  checkpoint: number,
  events: readonly RecordedEvent[],
  to: number,
): Promise<number> => {
  const fold = pendingFold(readModels, projection, address, checkpoint, 0);
  await fold.add(events, to);
  return fold.flush();
};

/**
 * Decodes and folds a batch of stored events (in global order). Events at or below the checkpoint
 * are skipped, so folding the same events twice changes nothing. Returns the new checkpoint.
 */
export const foldBatch = async (
  readModels: ReadModelStore,
  serde: EventSerde,
  projection: AnyProjection,
  address: ReadModelAddress,
  checkpoint: number,
  batch: readonly StoredEvent[],
): Promise<number> => {
  const last = batch[batch.length - 1];
  if (!last || last.position <= checkpoint) return checkpoint;
  const events: RecordedEvent[] = [];
  for (const stored of batch) if (stored.position > checkpoint) events.push(serde.decode(stored));
  return foldEvents(readModels, projection, address, checkpoint, events, last.position);
};
