import type BetterSqlite3 from 'better-sqlite3';

/**
 * The schema, one entry per version. A database's version is kept in `PRAGMA user_version`;
 * opening a database applies every later entry in order. Never edit a released entry: add one.
 */
export type SchemaStep = Readonly<{
  version: number;
  description: string;
  sql: string;
  /** Run after `sql`, in the same transaction, for what depends on the file's contents. */
  then?: (connection: BetterSqlite3.Database) => void;
}>;

export const schemaSteps: readonly SchemaStep[] = [
  {
    version: 1,
    description: 'events in global order with per-stream revisions; the vault apart from them',
    sql: `
      CREATE TABLE events (
        position    INTEGER PRIMARY KEY,
        stream_name TEXT    NOT NULL,
        revision    INTEGER NOT NULL CHECK (revision >= 0),
        event_id    TEXT    NOT NULL,
        type        TEXT    NOT NULL,
        data        TEXT    NOT NULL,
        metadata    TEXT    NOT NULL
      );
      CREATE UNIQUE INDEX events_stream_revision ON events (stream_name, revision);
      CREATE UNIQUE INDEX events_event_id ON events (event_id);

      CREATE TABLE vault_entries (
        ref          TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        nonce        BLOB,
        ciphertext   BLOB,
        auth_tag     BLOB,
        created_at   TEXT NOT NULL,
        forgotten_at TEXT
      ) WITHOUT ROWID;

      CREATE TABLE vault_settings (
        name  TEXT PRIMARY KEY,
        value BLOB NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'read models of the projections: versions with their checkpoint, documents by key',
    sql: `
      CREATE TABLE read_model_names (
        name         TEXT    PRIMARY KEY,
        last_version INTEGER NOT NULL CHECK (last_version >= 1)
      ) WITHOUT ROWID;

      CREATE TABLE read_model_versions (
        name               TEXT    NOT NULL,
        version            INTEGER NOT NULL CHECK (version >= 1),
        projection_version INTEGER NOT NULL,
        live               INTEGER NOT NULL DEFAULT 0 CHECK (live IN (0, 1)),
        checkpoint         INTEGER NOT NULL DEFAULT 0 CHECK (checkpoint >= 0),
        PRIMARY KEY (name, version)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX read_model_versions_live ON read_model_versions (name) WHERE live = 1;

      CREATE TABLE read_model_documents (
        name    TEXT    NOT NULL,
        version INTEGER NOT NULL,
        key     TEXT    NOT NULL,
        doc     TEXT    NOT NULL,
        PRIMARY KEY (name, version, key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'a key of its own for each vault entry (sealed under the vault key), and person lookups apart from references',
    sql: `
      ALTER TABLE vault_entries ADD COLUMN wrapped_key BLOB;

      CREATE TABLE vault_lookups (
        lookup TEXT PRIMARY KEY,
        ref    TEXT NOT NULL UNIQUE
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    description: "a key of its own for each named tenant (sealed under the vault key), under which its entries' keys are sealed",
    sql: `
      -- The tenant whose key seals the entry's key; NULL: the vault key (the default tenant, and
      -- entries written before tenant keys, which are moved under their tenant's key on open).
      ALTER TABLE vault_entries ADD COLUMN tenant TEXT;
      CREATE INDEX vault_entries_tenant ON vault_entries (tenant) WHERE tenant IS NOT NULL;

      -- A forgotten tenant keeps its row, without a key, so it cannot write again.
      CREATE TABLE vault_tenant_keys (
        tenant         TEXT PRIMARY KEY,
        wrapped_key    BLOB,
        created_at     TEXT NOT NULL,
        forgotten_at   TEXT,
        entries_erased INTEGER
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    description: "how the events' ids are stored: UUIDs as 16 bytes in a new file, as text in a file that already holds events",
    sql: `
      -- Settings of the events table's format, decided once when the file reaches this version.
      -- event_ids: 'uuid-blob' stores an id that is a lowercase UUID as its 16 bytes (other ids as
      -- text); 'text' keeps every id as text, as files written before did (their rows and their
      -- idempotency stay as they were).
      CREATE TABLE IF NOT EXISTS event_store_format (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO event_store_format (name, value)
        SELECT 'event_ids', CASE WHEN EXISTS (SELECT 1 FROM events) THEN 'text' ELSE 'uuid-blob' END;
    `,
  },
  {
    version: 6,
    description:
      'streams by number and documents in the order they were first written: a commit writes the pages of the streams and documents it touches, not random ones',
    sql: `
      -- Each stream's number, given in the order streams are first appended to. In a file that uses
      -- it (event_store_format 'streams' = 'by-number'), events are found by (stream_id, revision):
      -- a page of devices appended together stays together in that index however random their
      -- serials, so a commit rewrites a few of its pages instead of one per device.
      CREATE TABLE streams (
        id   INTEGER PRIMARY KEY,
        name TEXT    NOT NULL UNIQUE
      );
      ALTER TABLE events ADD COLUMN stream_id INTEGER;
      CREATE UNIQUE INDEX events_stream_id_revision ON events (stream_id, revision) WHERE stream_id IS NOT NULL;
      -- 'by-name' keeps a file that held events before as it was (its stream_id stays NULL).
      INSERT OR IGNORE INTO event_store_format (name, value)
        SELECT 'streams', CASE WHEN EXISTS (SELECT 1 FROM events) THEN 'by-name' ELSE 'by-number' END;

      -- Documents in a table of rows numbered as they are first written, found by key through an
      -- index: the next updates of documents written together (a page's devices) land on the
      -- same few pages, and the key index changes only when a document is added or removed.
      CREATE TABLE read_model_rows (
        id      INTEGER PRIMARY KEY,
        name    TEXT    NOT NULL,
        version INTEGER NOT NULL,
        key     TEXT    NOT NULL,
        doc     TEXT    NOT NULL
      );
      INSERT INTO read_model_rows (name, version, key, doc)
        SELECT name, version, key, doc FROM read_model_documents ORDER BY name, version, key;
      DROP TABLE read_model_documents;
      ALTER TABLE read_model_rows RENAME TO read_model_documents;
      CREATE UNIQUE INDEX read_model_documents_key ON read_model_documents (name, version, key);
    `,
    then: (connection) => {
      // A new file finds its streams by number only; a file that held events keeps its index by name.
      const form = connection.prepare("SELECT value FROM event_store_format WHERE name = 'streams'").pluck().get();
      if (form === 'by-number') connection.exec('DROP INDEX events_stream_revision');
    },
  },
];

export const latestSchemaVersion = schemaSteps.reduce((latest, step) => Math.max(latest, step.version), 0);
