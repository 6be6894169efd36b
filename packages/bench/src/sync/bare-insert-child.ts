import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';

/**
 * The store side of the default-profile sync's limit: the very events and read-model documents a
 * depledger sync left in its file, written again into a fresh file by bare better-sqlite3 — the
 * same schema, WAL and page size, one transaction per 1000 devices' events (a page) with their
 * documents, each document written once. Reading the source is not timed. Prints one JSON line.
 *
 * argv: <source database path> <fresh database path>
 */
const [sourcePath, freshPath] = process.argv.slice(2) as [string, string];

const source = new BetterSqlite3(sourcePath, { readonly: true });
const events = source
  .prepare(
    "SELECT stream_name, revision, event_id, type, data, metadata FROM events WHERE stream_name LIKE 'dep-device-%' ORDER BY position",
  )
  .raw()
  .all() as [string, number, string, string, string, string][];
const documents = source.prepare('SELECT name, version, key, doc FROM read_model_documents').raw().all() as [
  string,
  number,
  string,
  string,
][];
source.close();

const db = new BetterSqlite3(freshPath);
db.pragma('page_size = 8192');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
  CREATE TABLE events (position INTEGER PRIMARY KEY, stream_name TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL);
  CREATE UNIQUE INDEX events_stream_revision ON events (stream_name, revision);
  CREATE UNIQUE INDEX events_event_id ON events (event_id);
  CREATE TABLE read_model_documents (name TEXT NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (name, version, key)) WITHOUT ROWID;
`);
const insertEvent = db.prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
const upsertDocument = db.prepare('INSERT OR REPLACE INTO read_model_documents (name, version, key, doc) VALUES (?, ?, ?, ?)');
const pages = Math.max(1, Math.ceil(events.length / 4000));
const documentsPerPage = Math.ceil(documents.length / pages);
const eventsPerPage = Math.ceil(events.length / pages);
const writePage = db.transaction((page: number) => {
  for (const row of events.slice(page * eventsPerPage, (page + 1) * eventsPerPage)) insertEvent.run(...row);
  for (const row of documents.slice(page * documentsPerPage, (page + 1) * documentsPerPage)) upsertDocument.run(...row);
});
const started = performance.now();
for (let page = 0; page < pages; page++) writePage(page);
const ms = performance.now() - started;
db.close();
process.stdout.write(`${JSON.stringify({ events: events.length, documents: documents.length, transactions: pages, ms })}\n`);
