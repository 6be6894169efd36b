import type BetterSqlite3 from 'better-sqlite3';

type Statement<Params extends unknown[], Result = unknown> = BetterSqlite3.Statement<Params, Result>;

/** `[key, doc JSON]` as read from `read_model_documents`. */
export type DocumentRow = [key: string, doc: string];

/** Every statement the read-model store runs, prepared once per connection. */
export type ReadModelStatements = Readonly<{
  /** Bumps (or starts at 1) the name's version counter and returns the new number. */
  nextVersion: Statement<[name: string], number>;
  insertVersion: Statement<[name: string, version: number, projectionVersion: number]>;
  /** `[version, projectionVersion]` of the live version. */
  liveVersion: Statement<[name: string], [version: number, projectionVersion: number]>;
  /** `[checkpoint, live]` of a version. */
  versionState: Statement<[name: string, version: number], [checkpoint: number, live: number]>;
  moveCheckpoint: Statement<[checkpoint: number, name: string, version: number]>;
  unsetLive: Statement<[name: string, keep: number]>;
  setLive: Statement<[name: string, version: number]>;
  deleteVersion: Statement<[name: string, version: number]>;
  deleteVersionsBelow: Statement<[name: string, version: number]>;
  deleteDocumentsOf: Statement<[name: string, version: number]>;
  deleteDocumentsBelow: Statement<[name: string, version: number]>;
  upsertDocument: Statement<[name: string, version: number, key: string, doc: string]>;
  deleteDocument: Statement<[name: string, version: number, key: string]>;
  getDocument: Statement<[name: string, version: number, key: string], string>;
  /** The documents of the keys in a JSON array of strings, in one statement. */
  getDocuments: Statement<[name: string, version: number, keysJson: string], DocumentRow>;
  /** Keyset pages in key order: `from` inclusive (the first page), `after` exclusive (the next ones). */
  pageFrom: Statement<[name: string, version: number, from: string, limit: number], DocumentRow>;
  pageAfter: Statement<[name: string, version: number, after: string, limit: number], DocumentRow>;
  /** The same, bounded to the keys starting with `prefix` (see `prefixBound`). */
  prefixPageFrom: Statement<[name: string, version: number, from: string, prefix: string, limit: number], DocumentRow>;
  prefixPageAfter: Statement<[name: string, version: number, after: string, prefix: string, limit: number], DocumentRow>;
}>;

/**
 * Keys are TEXT compared with SQLite's BINARY collation, i.e. UTF-8 byte order. Every key starting
 * with a prefix P sorts at or after P and before P || x'F5' (0xF5 never occurs in UTF-8), and every
 * other key sorts outside that range: a prefix is a plain index range, with no LIKE wildcards.
 */
const prefixBound = `CAST(? || x'F5' AS TEXT)`;

/** A keyset page's SQL: `condition` is `>=` (first page) or `>` (after the last key read). */
export const documentPageSql = (condition: '>=' | '>', bounded: boolean): string =>
  `SELECT key, doc FROM read_model_documents WHERE name = ? AND version = ? AND key ${condition} ?${bounded ? ` AND key < ${prefixBound}` : ''} ORDER BY key LIMIT ?`;

export const prepareReadModelStatements = (connection: BetterSqlite3.Database): ReadModelStatements => {
  const documents = (condition: '>=' | '>', bounded: boolean) =>
    connection.prepare<unknown[], DocumentRow>(documentPageSql(condition, bounded)).raw();
  return {
    nextVersion: connection
      .prepare<[string], number>(
        `INSERT INTO read_model_names (name, last_version) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET last_version = last_version + 1 RETURNING last_version`,
      )
      .pluck(),
    insertVersion: connection.prepare('INSERT INTO read_model_versions (name, version, projection_version) VALUES (?, ?, ?)'),
    liveVersion: connection
      .prepare<[string], [number, number]>('SELECT version, projection_version FROM read_model_versions WHERE name = ? AND live = 1')
      .raw(),
    versionState: connection
      .prepare<[string, number], [number, number]>('SELECT checkpoint, live FROM read_model_versions WHERE name = ? AND version = ?')
      .raw(),
    moveCheckpoint: connection.prepare('UPDATE read_model_versions SET checkpoint = ? WHERE name = ? AND version = ?'),
    unsetLive: connection.prepare('UPDATE read_model_versions SET live = 0 WHERE name = ? AND live = 1 AND version <> ?'),
    setLive: connection.prepare('UPDATE read_model_versions SET live = 1 WHERE name = ? AND version = ?'),
    deleteVersion: connection.prepare('DELETE FROM read_model_versions WHERE name = ? AND version = ?'),
    deleteVersionsBelow: connection.prepare('DELETE FROM read_model_versions WHERE name = ? AND version < ?'),
    deleteDocumentsOf: connection.prepare('DELETE FROM read_model_documents WHERE name = ? AND version = ?'),
    deleteDocumentsBelow: connection.prepare('DELETE FROM read_model_documents WHERE name = ? AND version < ?'),
    upsertDocument: connection.prepare(
      `INSERT INTO read_model_documents (name, version, key, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT (name, version, key) DO UPDATE SET doc = excluded.doc`,
    ),
    deleteDocument: connection.prepare('DELETE FROM read_model_documents WHERE name = ? AND version = ? AND key = ?'),
    getDocument: connection
      .prepare<[string, number, string], string>('SELECT doc FROM read_model_documents WHERE name = ? AND version = ? AND key = ?')
      .pluck(),
    getDocuments: connection
      .prepare<[string, number, string], DocumentRow>(
        'SELECT key, doc FROM read_model_documents WHERE name = ? AND version = ? AND key IN (SELECT value FROM json_each(?))',
      )
      .raw(),
    pageFrom: documents('>=', false),
    pageAfter: documents('>', false),
    prefixPageFrom: documents('>=', true),
    prefixPageAfter: documents('>', true),
  };
};
