import type BetterSqlite3 from 'better-sqlite3';

/**
 * Raw statements whose SQL depends on how many fields they read (`countBy`, `fieldValues`),
 * prepared on first use and kept per field count.
 */
export const statementsByFieldCount = (connection: BetterSqlite3.Database, sqlFor: (fields: number) => string) => {
  const prepared = new Map<number, BetterSqlite3.Statement<unknown[], unknown[]>>();
  return (fields: number): BetterSqlite3.Statement<unknown[], unknown[]> => {
    let statement = prepared.get(fields);
    if (statement === undefined) {
      statement = connection.prepare<unknown[], unknown[]>(sqlFor(fields)).raw();
      prepared.set(fields, statement);
    }
    return statement;
  };
};
