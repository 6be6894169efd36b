import BetterSqlite3 from 'better-sqlite3';

/**
 * The CLI's limit: a fresh Node process that opens the same file with bare better-sqlite3 and
 * JSON.parses every stored event. Prints how many it read.
 *
 * argv: <database path>
 */
const db = new BetterSqlite3(process.argv[2] as string, { readonly: true });
let read = 0;
for (const row of db.prepare('SELECT type, data, metadata FROM events ORDER BY position').raw().iterate() as IterableIterator<unknown[]>) {
  const event = { type: row[0], data: JSON.parse(row[1] as string) as unknown, metadata: JSON.parse(row[2] as string) as unknown };
  if (event.data !== undefined) read++;
}
db.close();
process.stdout.write(`${JSON.stringify({ read })}\n`);
