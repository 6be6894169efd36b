import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';

/**
 * The store side of the default-profile sync's limit: the very events and read-model documents a
 * depledger sync left in its file, written again into a fresh file by bare better-sqlite3 — the
 * same schema (streams numbered as first written, documents in rows numbered as first written, found
 * by key through an index), WAL and page size, one transaction per 1000 devices' events (a page) with
 * their documents, each document written once. Reading the source is not timed. Prints one JSON line.
 *
 * argv: <source database path> <fresh database path> [events per device, 4 by default: a page of 1000 devices' events per transaction]
 */
const [sourcePath, freshPath, perDeviceArg] = process.argv.slice(2) as [string, string, string?];
const eventsPerDevice = perDeviceArg === undefined ? 4 : Number(perDeviceArg);

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
  CREATE TABLE streams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE events (position INTEGER PRIMARY KEY, stream_name TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, stream_id INTEGER);
  CREATE UNIQUE INDEX events_event_id ON events (event_id);
  CREATE UNIQUE INDEX events_stream_id_revision ON events (stream_id, revision) WHERE stream_id IS NOT NULL;
  CREATE TABLE read_model_documents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE UNIQUE INDEX read_model_documents_key ON read_model_documents (name, version, key);
`);
const numbers = new Map<string, number>();
const addStream = db.prepare<[string], number>('INSERT INTO streams (name) VALUES (?) RETURNING id').pluck();
const numberOf = (name: string): number => {
  let id = numbers.get(name);
  if (id === undefined) numbers.set(name, (id = addStream.get(name)!));
  return id;
};
const insertEvent = db.prepare(
  'INSERT INTO events (stream_id, stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
const upsertDocument = db.prepare(
  `INSERT INTO read_model_documents (name, version, key, doc) VALUES (?, ?, ?, ?)
   ON CONFLICT (name, version, key) DO UPDATE SET doc = excluded.doc`,
);
const pages = Math.max(1, Math.ceil(events.length / (1000 * eventsPerDevice)));
const documentsPerPage = Math.ceil(documents.length / pages);
const eventsPerPage = Math.ceil(events.length / pages);
const writePage = db.transaction((page: number) => {
  for (const row of events.slice(page * eventsPerPage, (page + 1) * eventsPerPage)) insertEvent.run(numberOf(row[0]), ...row);
  for (const row of documents.slice(page * documentsPerPage, (page + 1) * documentsPerPage)) upsertDocument.run(...row);
});
const started = performance.now();
for (let page = 0; page < pages; page++) writePage(page);
const ms = performance.now() - started;
db.close();
process.stdout.write(`${JSON.stringify({ events: events.length, documents: documents.length, transactions: pages, ms })}\n`);
