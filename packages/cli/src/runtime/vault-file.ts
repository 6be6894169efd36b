import { rotateVaultKey, type SqliteStore } from '@depledger/store-sqlite';

/** What a key rotation did: where the vault key is now taken from. */
export type RotatedVaultKey = Readonly<{ source: 'environment' | 'key-file' | 'given'; keyFile?: string }>;

/** What the CLI does with the store's vault beyond the Vault port. */
export type VaultFile = Readonly<{
  /** Replaces the vault key (the key file's, or `newKey` with DEPLEDGER_VAULT_KEY). */
  rotateKey(newKey?: Buffer): Promise<RotatedVaultKey>;
  /** Waits up to `timeoutMs` for forgotten values to leave the WAL; how many are still there. */
  completeErasure(timeoutMs: number): Promise<number>;
}>;

/** The VaultFile of an opened SQLite store. */
export const vaultFileOf = (store: SqliteStore): VaultFile => ({
  rotateKey: (newKey) => rotateVaultKey(store, newKey === undefined ? {} : { newKey }),
  async completeErasure(timeoutMs) {
    await store.vault.completeErasure({ timeoutMs });
    return store.vault.erasureStatus().pending;
  },
});
