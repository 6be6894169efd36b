import type BetterSqlite3 from 'better-sqlite3';
import { checkCountedFields, readModelErrors, type KeyedValues, type ReadModelAddress } from '@depledger/projections';
import { countedColumn } from './count-by';
import type { ReadModelStatements } from './statements';
import { statementsByFieldCount } from './statements-by-fields';

const valuesSql = (fields: number): string =>
  `SELECT key, ${Array.from({ length: fields }, () => countedColumn).join(', ')} FROM read_model_documents WHERE name = ? AND version = ?`;

/**
 * `ReadModelStore.fieldValues` on SQLite: each document's key and fields read by SQLite's JSON
 * functions where the documents are stored (none is parsed in JavaScript: 100k device-status
 * documents' token and status in a fraction of the time a listing takes), the version checked in
 * the same read transaction.
 */
export const createFieldValues = (connection: BetterSqlite3.Database, statements: ReadModelStatements, ensureOpen: () => void) => {
  const statementFor = statementsByFieldCount(connection, valuesSql);
  const read = connection.transaction((address: ReadModelAddress, fields: readonly string[]): KeyedValues[] => {
    if (statements.versionState.get(address.name, address.version) === undefined) throw readModelErrors.unknownVersion(address);
    const paths = fields.flatMap((field) => [`$.${field}`, `$.${field}`]);
    return statementFor(fields.length)
      .all(...paths, address.name, address.version)
      .map((row) => ({ key: row[0] as string, values: row.slice(1) as (string | null)[] }));
  });
  return async (address: ReadModelAddress, fields: readonly string[]): Promise<readonly KeyedValues[]> => {
    checkCountedFields(fields);
    ensureOpen();
    return read(address, fields);
  };
};
