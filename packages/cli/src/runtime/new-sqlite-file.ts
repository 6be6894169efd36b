import { existsSync, rmSync } from 'node:fs';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';

/**
 * Opens a depledger SQLite file; when this opening created it, `close(true)` removes it again with
 * its journal and its new key file, so a command that failed leaves no empty store behind.
 */
export const openSqliteFile = (path: string, env: Readonly<Record<string, string | undefined>>): SqliteStore & { closeAndDiscardIfNew(): Promise<void> } => {
  const isNew = !existsSync(path);
  const store = openSqliteStore({ path, env });
  return {
    ...store,
    async closeAndDiscardIfNew() {
      await store.close();
      if (!isNew) return;
      for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
      if (store.vaultKeySource.source === 'key-file' && store.vaultKeySource.keyFile !== undefined) rmSync(store.vaultKeySource.keyFile, { force: true });
    },
  };
};
