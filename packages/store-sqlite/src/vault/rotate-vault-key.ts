import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import type { SqliteVault } from './sqlite-vault';
import type { VaultKeySource } from './vault-key';

/** Where a rotation leaves the new key until the vault has it: renamed over the key file after. */
export const nextKeyFilePath = (keyFile: string): string => `${keyFile}.next`;

export type RotateVaultKeyOptions = Readonly<{
  /** The new key (32 bytes). Made at random for a key file; required with any other source. */
  newKey?: Buffer;
}>;

export type RotatedVaultKey = Readonly<{ source: VaultKeySource; keyFile?: string }>;

type RotatableStore = Readonly<{ vault: SqliteVault; vaultKeySource: Readonly<{ source: VaultKeySource; keyFile?: string }> }>;

const writeKeyFile = (path: string, key: Buffer): void => {
  const descriptor = openSync(path, 'wx', 0o600);
  try {
    writeSync(descriptor, `${key.toString('base64')}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
};

/**
 * Replaces the vault key of an open store. With a key file: the new key is written beside it
 * (`<key file>.next`, mode 0600) first, then every entry's key is sealed under it in one
 * transaction, then it is renamed over the old key file — the old key is gone, and with it any way
 * to read a backup taken before (forgotten values included). A crash in between is finished the next
 * time the store opens. With `DEPLEDGER_VAULT_KEY` or a given key, pass `newKey` and put it where the
 * old one was yourself.
 */
export const rotateVaultKey = async (store: RotatableStore, options: RotateVaultKeyOptions = {}): Promise<RotatedVaultKey> => {
  const { source, keyFile } = store.vaultKeySource;
  if (source !== 'key-file' || keyFile === undefined) {
    if (options.newKey === undefined) {
      throw new SqliteStoreError(
        sqliteStoreErrorCodes.vaultKeyMissing,
        `This store's vault key comes from ${source === 'environment' ? 'DEPLEDGER_VAULT_KEY' : 'the vaultKey option'}: give the new key (newKey), then put it there in place of the old one.`,
      );
    }
    await store.vault.rotateKey(options.newKey);
    return { source };
  }
  const newKey = options.newKey ?? randomBytes(32);
  const next = nextKeyFilePath(keyFile);
  try {
    writeKeyFile(next, newKey);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') {
      throw new SqliteStoreError(
        sqliteStoreErrorCodes.vaultKeyRotated,
        `${next} exists: a rotation is under way or was interrupted. Close every process that uses this store and open it again: that finishes or undoes the rotation.`,
        { keyFile },
      );
    }
    throw error;
  }
  await store.vault.rotateKey(newKey);
  renameSync(next, keyFile);
  return { source, keyFile };
};
