import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';

/** The environment variable that holds the vault key: base64 of 32 random bytes. */
export const vaultKeyEnvironmentVariable = 'DEPLEDGER_VAULT_KEY';

/** The key file used when the environment variable is not set: the database path plus `.key`. */
export const defaultKeyFilePath = (databasePath: string): string => `${databasePath}.key`;

const generateHint = "generate one with `node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"`";

export type VaultKeySource = 'environment' | 'key-file' | 'given';

export type LoadVaultKeyOptions = Readonly<{
  /** The database the vault lives in; its key file defaults to `<databasePath>.key`. */
  databasePath: string;
  /** Where the key file is (or is to be created). @defaultValue `<databasePath>.key` */
  keyFile?: string;
  /** Where to look for `DEPLEDGER_VAULT_KEY`. @defaultValue `process.env` */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Create the key file (mode 0600) when it is absent. Turn off when the database already holds
   * encrypted entries: a new key could not read them.
   * @defaultValue true
   */
  createIfMissing?: boolean;
}>;

export type LoadedVaultKey = Readonly<{
  key: Buffer;
  source: VaultKeySource;
  keyFile?: string;
  /** With a key file: true when this call created it (so a caller that fails may remove it), false when it was there. */
  created?: boolean;
}>;

/** Decodes a base64 vault key, strictly: exactly 32 bytes. `where` names its origin for the error. */
export const parseVaultKey = (text: string, where: string): Buffer => {
  const trimmed = text.trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  throw new SqliteStoreError(
    sqliteStoreErrorCodes.vaultKeyInvalid,
    `The vault key in ${where} is not base64 of exactly 32 bytes (44 characters ending in '='); ${generateHint}.`,
    { where },
  );
};

const insecure = (keyFile: string, problem: string, todo: string, details: Record<string, unknown> = {}): SqliteStoreError =>
  new SqliteStoreError(sqliteStoreErrorCodes.vaultKeyFileInsecure, `The vault key file ${keyFile} ${problem}. ${todo}`, {
    keyFile,
    ...details,
  });

/** The most a key file is read: a key is 45 bytes; anything much larger is not one. */
const keyFileMaxBytes = 4096;

/**
 * Reads the key file without following a symbolic link (a planted link is refused, not used), and
 * only when it is a regular file owned by this user and readable by no one else.
 */
const readKeyFile = (keyFile: string): Buffer => {
  let descriptor: number;
  try {
    descriptor = openSync(keyFile, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ELOOP') {
      throw insecure(
        keyFile,
        'is a symbolic link',
        'Put the key itself at that path (a regular file, mode 600), or set DEPLEDGER_VAULT_KEY.',
      );
    }
    throw error;
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile())
      throw insecure(
        keyFile,
        'is not a regular file',
        'Put the key itself at that path (a regular file, mode 600), or set DEPLEDGER_VAULT_KEY.',
      );
    const mode = stats.mode & 0o777;
    if (process.platform !== 'win32') {
      if ((mode & 0o077) !== 0) {
        throw insecure(keyFile, `can be read by other users (mode ${mode.toString(8)})`, `Run \`chmod 600 ${keyFile}\` and try again.`, {
          mode: mode.toString(8),
        });
      }
      const owner = process.getuid?.();
      if (owner !== undefined && stats.uid !== owner) {
        throw insecure(
          keyFile,
          `belongs to another user (uid ${stats.uid})`,
          'Use a key file you own (chown it, or copy the key into a new file with mode 600).',
          { uid: stats.uid },
        );
      }
    }
    if (stats.size > keyFileMaxBytes) throw insecure(keyFile, `is ${stats.size} bytes, not a vault key`, 'Check the path.');
    return parseVaultKey(readFileSync(descriptor, 'utf8'), `the key file ${keyFile}`);
  } finally {
    closeSync(descriptor);
  }
};

const isMissingFile = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'ENOENT';
const isExistingFile = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'EEXIST';

/**
 * Finds the vault key, outside the database: `DEPLEDGER_VAULT_KEY` when set, otherwise the key file
 * (`<database>.key` by default), created with mode 0600 on first use.
 */
export const loadVaultKey = (options: LoadVaultKeyOptions): LoadedVaultKey => {
  const fromEnvironment = (options.env ?? process.env)[vaultKeyEnvironmentVariable];
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    return { key: parseVaultKey(fromEnvironment, `the environment variable ${vaultKeyEnvironmentVariable}`), source: 'environment' };
  }
  if (options.keyFile === undefined && options.databasePath === ':memory:') {
    throw new SqliteStoreError(
      sqliteStoreErrorCodes.vaultKeyMissing,
      `An in-memory database has no place for a key file: set ${vaultKeyEnvironmentVariable} or pass a key file path.`,
    );
  }
  const keyFile = options.keyFile ?? defaultKeyFilePath(options.databasePath);
  try {
    return { key: readKeyFile(keyFile), source: 'key-file', keyFile, created: false };
  } catch (error) {
    if (!isMissingFile(error)) throw error;
  }
  if (options.createIfMissing === false) {
    throw new SqliteStoreError(
      sqliteStoreErrorCodes.vaultKeyMissing,
      `The vault of ${options.databasePath} holds encrypted entries but its key is not here: set ${vaultKeyEnvironmentVariable} or restore the key file ${keyFile}. A new key would not read them, so none was created.`,
      { databasePath: options.databasePath, keyFile },
    );
  }
  const key = randomBytes(32);
  try {
    writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, source: 'key-file', keyFile, created: true };
  } catch (error) {
    // Another process created it first: use theirs.
    if (isExistingFile(error)) return { key: readKeyFile(keyFile), source: 'key-file', keyFile, created: false };
    throw error;
  }
};
