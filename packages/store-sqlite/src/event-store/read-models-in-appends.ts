import { depledgerSerde, matchesPrefixes, type EventSerde, type RecordedEvent, type StoredEvent } from '@depledger/core';
import { documentAsRead, storedDocument, type AnyProjection } from '@depledger/projections';
import type BetterSqlite3 from 'better-sqlite3';
import { encodeChanges, type EncodedChange } from '../read-models/encode-changes';
import { prepareReadModelStatements, type ReadModelStatements } from '../read-models/statements';

/**
 * Read models an append keeps current in its own transaction (see `SqliteEventStoreOptions.readModelsInAppends`).
 * `projections` should be those a runner catches up on the same file (e.g. `builtInProjections`).
 */
export type ReadModelsInAppends = Readonly<{
  projections: readonly AnyProjection[];
  /** How stored events are decoded for the projections. @defaultValue core's `depledgerSerde` */
  serde?: EventSerde;
}>;

/** An event as an append inserted it: its place in the log and the data it was given (not parsed back). */
export type InsertedEvent = Omit<StoredEvent, 'data'> & Readonly<{ data: unknown }>;

/** Folds what one append inserted into the read models, inside that append's transaction. */
export type ReadModelsFolder = (inserted: readonly InsertedEvent[]) => void;

type Target = Readonly<{ projection: AnyProjection; version: number }>;

/**
 * The read models whose live version is exactly at the position before the append are folded over
 * the appended events and moved to its last position, in the same transaction: a crash leaves both
 * or neither. A read model behind (another process appended, it was never caught up), of another
 * projection version (a rebuild is due), or whose fold throws is left alone: its runner's catch-up
 * folds the events later, as without this. Only a failure of SQLite itself fails the append.
 */
export const createReadModelsFolder = (connection: BetterSqlite3.Database, options: ReadModelsInAppends): ReadModelsFolder => {
  const statements = prepareReadModelStatements(connection);
  const serde = options.serde ?? depledgerSerde;
  const { projections } = options;

  const targetsAt = (before: number): Target[] => {
    const targets: Target[] = [];
    for (const projection of projections) {
      const live = statements.liveVersion.get(projection.name);
      if (live === undefined || live[1] !== projection.version) continue;
      const state = statements.versionState.get(projection.name, live[0]);
      if (state?.[0] === before) targets.push({ projection, version: live[0] });
    }
    return targets;
  };

  return (inserted) => {
    const first = inserted[0];
    const last = inserted[inserted.length - 1];
    if (first === undefined || last === undefined) return;
    const targets = targetsAt(first.position - 1);
    if (targets.length === 0) return;
    const decoded: RecordedEvent[] = inserted.map((event) => serde.decode(event as StoredEvent));
    for (const target of targets) {
      const changes = foldOrSkip(statements, target, decoded);
      if (changes === null) continue;
      const address = { name: target.projection.name, version: target.version };
      for (const { key, json } of changes) {
        if (json === null) statements.deleteDocument.run(address.name, address.version, key);
        else statements.upsertDocument.run(address.name, address.version, key, json);
      }
      statements.moveCheckpoint.run(last.position, address.name, address.version);
    }
  };
};

/** The documents the events change, folded from their stored values; null when the projection threw (left to its runner). */
const foldOrSkip = (
  statements: ReadModelStatements,
  { projection, version }: Target,
  events: readonly RecordedEvent[],
): EncodedChange[] | null => {
  const working = new Map<string, unknown>();
  const load = (key: string): unknown => {
    if (working.has(key)) return working.get(key);
    const json = statements.getDocument.get(projection.name, version, key);
    return json === undefined ? null : documentAsRead(projection, JSON.parse(json) as unknown, key);
  };
  try {
    for (const event of events) {
      if (!matchesPrefixes(event.streamName, projection.streamPrefixes)) continue;
      if (!projection.handles(event.type)) continue;
      const keys = projection.keyOf(event);
      if (keys === null) continue;
      for (const key of typeof keys === 'string' ? [keys] : keys) working.set(key, projection.evolve(load(key), event, key) ?? null);
    }
    return encodeChanges(
      { name: projection.name, version },
      [...working].map(([key, doc]) => ({ key, doc: storedDocument(projection, doc) })),
    );
  } catch {
    return null;
  }
};
