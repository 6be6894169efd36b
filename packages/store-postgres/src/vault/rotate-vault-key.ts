import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { PostgresStoreError, postgresStoreErrorCodes } from '../errors';
import type { PostgresVault } from './postgres-vault';
import type { VaultKeySource } from './vault-key';

/** Where a rotation keeps the new key until the database has it: renamed over the key file after. */
export const nextKeyFilePath = (keyFile: string): string => `${keyFile}.next`;

export type RotatePostgresVaultKeyOptions = Readonly<{
  /** The new key (32 bytes). Made at random for a key file; required with any other source. */
  newKey?: Buffer;
}>;

export type RotatedPostgresVaultKey = Readonly<{ source: VaultKeySource; keyFile?: string }>;

type RotatableStore = Readonly<{ vault: PostgresVault; vaultKeySource: Readonly<{ source: VaultKeySource; keyFile?: string }> }>;

const writeKeyFile = (path: string, key: Buffer): void => {
  const descriptor = openSync(path, 'wx', 0o600);
  try {
    writeSync(descriptor, `${key.toString('base64')}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
};

/** Whether the error says for sure that the rotation's transaction did not commit. */
const rolledBack = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code !== postgresStoreErrorCodes.unavailable;
};

/**
 * Replaces the vault key of an open PostgreSQL store: every entry re-encrypted under the new key in
 * one transaction (all or nothing), while other nodes keep running — they read each entry whole,
 * under the old key before the commit and the new one after, and once it committed they answer
 * VAULT_KEY_ROTATED until restarted with the new key. With a key file: the new key is written
 * beside it first (`<key file>.next`, mode 0600), then the database is rotated, then it is renamed
 * over the old key file; if the process dies in between, the next opening of the store finishes
 * the rename. With `DEPLEDGER_VAULT_KEY` or a given key, pass `newKey` and put it where the old one
 * was, on every node.
 */
export const rotatePostgresVaultKey = async (
  store: RotatableStore,
  options: RotatePostgresVaultKeyOptions = {},
): Promise<RotatedPostgresVaultKey> => {
  const { source, keyFile } = store.vaultKeySource;
  if (source !== 'key-file' || keyFile === undefined) {
    if (options.newKey === undefined) {
      throw new PostgresStoreError(
        postgresStoreErrorCodes.vaultKeyMissing,
        `This store's vault key comes from ${source === 'environment' ? 'DEPLEDGER_VAULT_KEY' : 'the vaultKey option'}: give the new key (newKey), then put it there in place of the old one on every node.`,
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
      throw new PostgresStoreError(
        postgresStoreErrorCodes.vaultKeyRotated,
        `${next} exists: a rotation is under way or was interrupted. Open the store again (that finishes a rotation that reached the database); if the store still opens with the old key and no rotation runs, delete ${next} and rotate again.`,
        { keyFile },
      );
    }
    throw error;
  }
  try {
    await store.vault.rotateKey(newKey);
  } catch (error) {
    // Kept when the commit's outcome is unknown: opening the store again settles it.
    if (rolledBack(error)) rmSync(next, { force: true });
    throw error;
  }
  renameSync(next, keyFile);
  return { source, keyFile };
};
