/**
 * The schema, one entry per version. A database's version is kept in `PRAGMA user_version`;
 * opening a database applies every later entry in order. Never edit a released entry: add one.
 */
export type SchemaStep = Readonly<{ version: number; description: string; sql: string }>;

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
];

export const latestSchemaVersion = schemaSteps.reduce((latest, step) => Math.max(latest, step.version), 0);
