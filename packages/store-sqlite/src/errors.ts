import { DepledgerError } from '@depledger/core';

/**
 * Stable codes of the errors this package throws on purpose. Check them with
 * `isDepledgerError(error, code)`.
 */
export const sqliteStoreErrorCodes = {
  openFailed: 'SQLITE_OPEN_FAILED',
  schemaTooNew: 'SQLITE_SCHEMA_TOO_NEW',
  busy: 'SQLITE_BUSY',
  closed: 'SQLITE_STORE_CLOSED',
  vaultKeyMissing: 'VAULT_KEY_MISSING',
  vaultKeyInvalid: 'VAULT_KEY_INVALID',
  vaultKeyFileInsecure: 'VAULT_KEY_FILE_INSECURE',
  vaultKeyMismatch: 'VAULT_KEY_MISMATCH',
  vaultEntryCorrupt: 'VAULT_ENTRY_CORRUPT',
  vaultKeyRotated: 'VAULT_KEY_ROTATED',
} as const;

export type SqliteStoreErrorCode = (typeof sqliteStoreErrorCodes)[keyof typeof sqliteStoreErrorCodes];

/** An error of the SQLite store or its vault: a stable code, what went wrong and what to do. Never a secret. */
export class SqliteStoreError extends DepledgerError {
  constructor(code: SqliteStoreErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(code, message, details, options);
    this.name = 'SqliteStoreError';
  }
}
