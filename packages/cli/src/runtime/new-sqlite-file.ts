import { lstatSync, rmSync } from 'node:fs';
import { builtInProjections } from '@depledger/projections';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';

const isThere = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * Opens a depledger SQLite file; `closeAndDiscardIfNew()` removes again what this opening created
 * (the database, its journal files, a key file it made), so a command that failed leaves no empty
 * store behind. A file that was there before, above all an existing vault key, is never removed.
 */
export const openSqliteFile = (
  path: string,
  env: Readonly<Record<string, string | undefined>>,
): SqliteStore & { closeAndDiscardIfNew(): Promise<void> } => {
  const databaseFiles = [path, `${path}-wal`, `${path}-shm`];
  const createdHere = databaseFiles.filter((file) => !isThere(file));
  const isNew = createdHere.includes(path);
  const removeCreated = (): void => {
    if (isNew) for (const file of createdHere) rmSync(file, { force: true });
  };
  let store: SqliteStore;
  try {
    // Every append keeps the built-in read models current in its own transaction once a command has
    // caught them up: a sync's pages write their documents with their events, and `summary` after it
    // has nothing left to fold.
    store = openSqliteStore({ path, env, readModelsInAppends: { projections: builtInProjections } });
  } catch (error) {
    removeCreated(); // e.g. a key file refused: no empty database stays behind
    throw error;
  }
  return {
    ...store,
    async closeAndDiscardIfNew() {
      await store.close();
      if (!isNew) return;
      removeCreated();
      const { keyFile, created } = store.vaultKeySource;
      if (keyFile !== undefined && created === true) rmSync(keyFile, { force: true });
    },
  };
};
