/**
 * Where read models live: documents by (read model name, version, key), and one checkpoint per
 * version — the global position of the last event folded into it. Implemented in memory here; the
 * SQLite store implements the same port, and `describeReadModelStoreContract` (test-support) is
 * the contract both pass.
 *
 * A read model name has versions. One of them is *live*: the one readers are served. A build or
 * rebuild goes into a fresh version, which becomes live with `switchTo` once caught up.
 *
 * Documents are JSON-compatible values (no classes, no bigints, no Dates), treated as immutable:
 * a store may hand back the very object it was given.
 */
export interface ReadModelStore {
  /** The version readers are served, or `null` when the read model was never built. */
  live(name: string): Promise<ReadModelVersion | null>;
  /** Creates an empty, not-live version (numbered above every version this name ever had) with checkpoint 0. */
  createVersion(name: string, projectionVersion: number): Promise<ReadModelVersion>;
  /** The version's checkpoint: 0 when nothing was folded into it yet. Throws READ_MODEL_VERSION_UNKNOWN for a version that does not exist. */
  checkpoint(address: ReadModelAddress): Promise<number>;
  /** The documents stored under these keys; keys without a document are absent from the map. */
  getMany(address: ReadModelAddress, keys: readonly string[]): Promise<ReadonlyMap<string, unknown>>;
  /**
   * The version's documents in key order, optionally only the keys starting with `prefix`, and only
   * the keys after `after` (exclusive): a keyset page starts where the last one ended, found through
   * the key index, whatever the number of documents before it.
   */
  list(address: ReadModelAddress, options?: ListOptions): AsyncIterable<KeyedDocument>;
  /**
   * Optional: how many of the version's documents hold each combination of values at these fields
   * (dotted paths such as `assignment.state`). A field counts under its value when it is a string,
   * under `null` otherwise (absent, null, a number...). A store that can count where the documents
   * live offers it, so that a summary does not read every document; `countDocuments` falls back to
   * reading them through `list`.
   */
  countBy?(address: ReadModelAddress, fields: readonly string[]): Promise<readonly CountedGroup[]>;
  /**
   * Optional: calls `visit` with every document's key and its values at these fields (dotted paths,
   * read as `countBy` reads them: the string there, else `null`), in no particular order, and
   * resolves once all are visited. A store that can read fields where the documents live offers it,
   * so that a scan of a field or two parses no document and holds none (a million documents' fields
   * gathered in an array added ~280 MB to the live heap); `documentFieldValues` falls back to reading them through
   * `list`. A visitor that throws ends the scan with its error; it must not call the store back
   * while the scan runs.
   */
  fieldValues?(address: ReadModelAddress, fields: readonly string[], visit: FieldValuesVisitor): Promise<void>;
  /**
   * Atomically writes the changes (a `null` document deletes the key) and moves the checkpoint from
   * `expectedCheckpoint` to `checkpoint`. Throws READ_MODEL_CHECKPOINT_CONFLICT, writing nothing,
   * when the stored checkpoint is not `expectedCheckpoint` (someone else folded these events) or
   * when `checkpoint` is lower than it.
   */
  commit(address: ReadModelAddress, batch: ReadModelBatch): Promise<void>;
  /** Makes the version live and drops every older version of the name. */
  switchTo(address: ReadModelAddress): Promise<void>;
  /** Drops a version that is not live (an abandoned rebuild). Dropping the live version throws READ_MODEL_VERSION_LIVE. */
  discard(address: ReadModelAddress): Promise<void>;
}

export type ReadModelAddress = Readonly<{ name: string; version: number }>;

/**
 * What `list` reads: the keys starting with `prefix`, after the key `after` (both optional).
 * `batchSize` is a hint: how many documents a store reads from its storage at a time (a reader that
 * wants a page of 100 asks for 101, not the store's default batch); the listing goes on past it.
 */
export type ListOptions = Readonly<{ prefix?: string; after?: string; batchSize?: number }>;

export type ReadModelVersion = ReadModelAddress &
  Readonly<{
    /** The projection definition's version it was built with: when the code's version differs, the runner rebuilds. */
    projectionVersion: number;
  }>;

export type KeyedDocument = Readonly<{ key: string; doc: unknown }>;

/** Documents sharing the same values at the counted fields (in the fields' order), and how many they are. */
export type CountedGroup = Readonly<{ values: readonly (string | null)[]; count: number }>;

/** Given a document's key and its values at the fields asked for (in the fields' order; the array is the visitor's to keep). */
export type FieldValuesVisitor = (key: string, values: readonly (string | null)[]) => void;

export type DocumentChange = Readonly<{ key: string; doc: unknown }>;

export type ReadModelBatch = Readonly<{
  expectedCheckpoint: number;
  checkpoint: number;
  /** At most one change per key; `doc: null` deletes. */
  changes: readonly DocumentChange[];
}>;
