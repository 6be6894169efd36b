import BetterSqlite3 from 'better-sqlite3';

/**
 * The limit of `depledger rebuild device-status` end to end: a fresh Node process that reads every
 * stored event of the file in order with bare better-sqlite3, JSON.parses its data and metadata,
 * keeps one plain document per stream (keyed by the stream's name, as random as the serials; the
 * last event's type and time with the data's fields merged in: less than device status folds),
 * and writes those documents with their key index into a fresh file in one transaction. Prints
 * what it read and wrote.
 *
 * argv: <database path> <output database path>
 */
const [source, target] = process.argv.slice(2) as [string, string];
const db = new BetterSqlite3(source, { readonly: true });
const documents = new Map<string, Record<string, unknown>>();
let read = 0;
const rows = db.prepare('SELECT stream_name, type, data, metadata FROM events ORDER BY position').raw();
for (const row of rows.iterate() as IterableIterator<[string, string, string, string]>) {
  const data = JSON.parse(row[2]) as Record<string, unknown>;
  const metadata = JSON.parse(row[3]) as unknown;
  const at = Array.isArray(metadata) ? metadata[0] : (metadata as { occurredAt?: unknown }).occurredAt;
  const document = documents.get(row[0]);
  if (document === undefined) documents.set(row[0], Object.assign({ lastType: row[1], at }, data));
  else Object.assign(document, data, { lastType: row[1], at });
  read++;
}
db.close();

const out = new BetterSqlite3(target);
out.pragma('journal_mode = WAL');
out.exec(`CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE UNIQUE INDEX documents_key ON documents (name, version, key);`);
const insert = out.prepare('INSERT INTO documents (name, version, key, doc) VALUES (?, ?, ?, ?)');
out.transaction(() => {
  for (const [key, document] of documents) insert.run('device-status', 1, key, JSON.stringify(document));
})();
out.close();
process.stdout.write(`${JSON.stringify({ read, written: documents.size })}\n`);
