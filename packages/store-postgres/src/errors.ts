import { DepledgerError } from '@depledger/core';

/**
 * Stable codes of the errors this package throws on purpose. Check them with
 * `isDepledgerError(error, code)`.
 */
export const postgresStoreErrorCodes = {
  /** The connection URL is not a PostgreSQL URL, or names no database. */
  urlInvalid: 'POSTGRES_URL_INVALID',
  /** No server answered at the URL's host and port (refused, unknown host, timed out). */
  unreachable: 'POSTGRES_UNREACHABLE',
  /** The server refused the user or password. */
  authenticationFailed: 'POSTGRES_AUTHENTICATION_FAILED',
  /** The URL's database does not exist on the server. */
  databaseMissing: 'POSTGRES_DATABASE_MISSING',
  /** The connection was lost, or the server kept refusing (shutting down, serialization failures), after every retry. */
  unavailable: 'POSTGRES_UNAVAILABLE',
  /** The schema was written by a newer @depledger/store-postgres. */
  schemaTooNew: 'POSTGRES_SCHEMA_TOO_NEW',
  /** The schema does not exist and the caller did not allow creating it. */
  schemaMissing: 'POSTGRES_SCHEMA_MISSING',
  /** The schema name is not one depledger accepts. */
  schemaNameInvalid: 'POSTGRES_SCHEMA_NAME_INVALID',
  /** The store was closed. */
  closed: 'POSTGRES_STORE_CLOSED',
  vaultKeyMissing: 'VAULT_KEY_MISSING',
  vaultKeyFileInsecure: 'VAULT_KEY_FILE_INSECURE',
  vaultKeyMismatch: 'VAULT_KEY_MISMATCH',
  vaultKeyInvalid: 'VAULT_KEY_INVALID',
  vaultEntryCorrupt: 'VAULT_ENTRY_CORRUPT',
  /** The vault key was rotated by another node (or a rotation's new key file is waiting): restart with the new key. */
  vaultKeyRotated: 'VAULT_KEY_ROTATED',
} as const;

export type PostgresStoreErrorCode = (typeof postgresStoreErrorCodes)[keyof typeof postgresStoreErrorCodes];

/** An error of the PostgreSQL store or its vault: a stable code, what went wrong and what to do. Never a password or a secret. */
export class PostgresStoreError extends DepledgerError {
  constructor(code: PostgresStoreErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(code, message, details, options);
    this.name = 'PostgresStoreError';
  }
}
