import { existsSync, readFileSync } from 'node:fs';

/** Everything SQLite keeps on disk for a database: the file, its WAL and its shared-memory index. */
export const rawDatabaseBytes = (databasePath: string): Buffer =>
  Buffer.concat(
    ['', '-wal', '-shm']
      .map((suffix) => `${databasePath}${suffix}`)
      .filter(existsSync)
      .map((file) => readFileSync(file)),
  );
