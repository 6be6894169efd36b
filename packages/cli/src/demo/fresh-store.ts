import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const storeFiles = ['depledger.db', 'depledger.db.key', 'depledger.db-wal', 'depledger.db-shm'];

/** Removes a previous demo's ./depledger.db, its key and its journal; returns the names removed. */
export const removeOldStore = (cwd: string): string[] => {
  const removed = storeFiles.filter((name) => existsSync(join(cwd, name)));
  for (const name of removed) rmSync(join(cwd, name), { force: true });
  return removed;
};
