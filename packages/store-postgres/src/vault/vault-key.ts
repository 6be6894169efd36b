import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { PostgresStoreError, postgresStoreErrorCodes } from '../errors';

/** The environment variable that holds the vault key (base64 of 32 bytes), as for the SQLite store. */
export const vaultKeyEnvironmentVariable = 'DEPLEDGER_VAULT_KEY';

export type VaultKeySource = 'environment' | 'key-file' | 'given';

export type LoadedVaultKey = Readonly<{ key: Buffer; source: VaultKeySource; keyFile?: string }>;

const generateHint = 'make one with `openssl rand -base64 32` and keep it outside the database';

const parseKey = (text: string, where: string): Buffer => {
  const trimmed = text.trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  throw new PostgresStoreError(
    postgresStoreErrorCodes.vaultKeyInvalid,
    `The vault key in ${where} is not base64 of exactly 32 bytes (44 characters ending in '='); ${generateHint}.`,
    { where },
  );
};

const readKeyFile = (keyFile: string): Buffer => {
  const mode = statSync(keyFile).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new PostgresStoreError(
      postgresStoreErrorCodes.vaultKeyFileInsecure,
      `The vault key file ${keyFile} can be read by other users (mode ${mode.toString(8)}). Run \`chmod 600 ${keyFile}\` and try again.`,
      { keyFile, mode: mode.toString(8) },
    );
  }
  return parseKey(readFileSync(keyFile, 'utf8'), `the key file ${keyFile}`);
};

export type LoadVaultKeyOptions = Readonly<{
  /** The key itself (32 bytes, or their base64). */
  key?: Buffer | string;
  /** A file holding the key's base64 (mode 0600), created on first use when `createIfMissing`. */
  keyFile?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether a missing key file may be created (only while the vault holds nothing). */
  createIfMissing: boolean;
  /** For messages: where the vault is (never a password). */
  where: string;
}>;

/**
 * Finds the vault key, never in the database: the `key` option, then `DEPLEDGER_VAULT_KEY`, then the
 * key file (created with mode 0600 on first use). Every node of a deployment needs the same key.
 */
export const loadVaultKey = (options: LoadVaultKeyOptions): LoadedVaultKey => {
  if (options.key !== undefined) {
    const key = typeof options.key === 'string' ? parseKey(options.key, 'the vaultKey option') : options.key;
    return { key, source: 'given' };
  }
  const fromEnvironment = (options.env ?? process.env)[vaultKeyEnvironmentVariable];
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    return { key: parseKey(fromEnvironment, `the environment variable ${vaultKeyEnvironmentVariable}`), source: 'environment' };
  }
  const keyFile = options.keyFile;
  if (keyFile === undefined) {
    throw new PostgresStoreError(
      postgresStoreErrorCodes.vaultKeyMissing,
      `The vault in ${options.where} needs its key, which is never kept in the database: set ${vaultKeyEnvironmentVariable} on every node (${generateHint}) or give a key file.`,
      { where: options.where },
    );
  }
  try {
    return { key: readKeyFile(keyFile), source: 'key-file', keyFile };
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ENOENT') throw error;
  }
  if (!options.createIfMissing) {
    throw new PostgresStoreError(
      postgresStoreErrorCodes.vaultKeyMissing,
      `The vault in ${options.where} holds encrypted entries but the key file ${keyFile} is not here: restore it or set ${vaultKeyEnvironmentVariable}. A new key would not read them, so none was created.`,
      { where: options.where, keyFile },
    );
  }
  const key = randomBytes(32);
  try {
    writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, source: 'key-file', keyFile };
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'EEXIST') return { key: readKeyFile(keyFile), source: 'key-file', keyFile };
    throw error;
  }
};
