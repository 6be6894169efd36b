import { PostgresStoreError, postgresStoreErrorCodes } from '../errors';

/** The PostgreSQL schema depledger's tables live in unless told otherwise. */
export const defaultSchemaName = 'depledger';

/** Checks a schema name (lowercase letters, digits, underscores; at most 63) and returns it quoted for SQL. */
export const quotedSchema = (name: string): string => {
  if (typeof name !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new PostgresStoreError(
      postgresStoreErrorCodes.schemaNameInvalid,
      `${JSON.stringify(String(name))} is not a schema name depledger accepts: use lowercase letters, digits and underscores, starting with a letter or an underscore (at most 63), e.g. depledger.`,
      { schema: String(name) },
    );
  }
  return `"${name}"`;
};
