import type BetterSqlite3 from 'better-sqlite3';
import { checkCountedFields, readModelErrors, type CountedGroup, type ReadModelAddress } from '@depledger/projections';
import type { ReadModelStatements } from './statements';

type Row = unknown[];

/** A field's value where it is a string, else NULL: what `countBy` counts (bound twice, as a JSON path). */
const countedColumn = "CASE WHEN json_type(doc, ?) = 'text' THEN json_extract(doc, ?) END";

const countSql = (fields: number): string => {
  const columns = Array.from({ length: fields }, () => countedColumn);
  const groups = Array.from({ length: fields }, (_, i) => String(i + 1));
  return `SELECT ${columns.join(', ')}, count(*) FROM read_model_documents WHERE name = ? AND version = ? GROUP BY ${groups.join(', ')}`;
};

/**
 * `ReadModelStore.countBy` on SQLite: one GROUP BY over the version's documents, their fields read
 * by SQLite's JSON functions where they are stored (no document is parsed in JavaScript), the
 * version checked in the same read transaction.
 */
export const createCountBy = (connection: BetterSqlite3.Database, statements: ReadModelStatements, ensureOpen: () => void) => {
  const prepared = new Map<number, BetterSqlite3.Statement<unknown[], Row>>();
  const statementFor = (fields: number) => {
    let statement = prepared.get(fields);
    if (statement === undefined) {
      statement = connection.prepare<unknown[], Row>(countSql(fields)).raw();
      prepared.set(fields, statement);
    }
    return statement;
  };
  const count = connection.transaction((address: ReadModelAddress, fields: readonly string[]): CountedGroup[] => {
    if (statements.versionState.get(address.name, address.version) === undefined) throw readModelErrors.unknownVersion(address);
    const paths = fields.flatMap((field) => [`$.${field}`, `$.${field}`]);
    return statementFor(fields.length)
      .all(...paths, address.name, address.version)
      .map((row) => ({ values: row.slice(0, fields.length) as (string | null)[], count: row[fields.length] as number }));
  });
  return async (address: ReadModelAddress, fields: readonly string[]): Promise<readonly CountedGroup[]> => {
    checkCountedFields(fields);
    ensureOpen();
    return count(address, fields);
  };
};
