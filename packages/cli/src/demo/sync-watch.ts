import { join } from 'node:path';
import { syncStream } from '@depledger/core';
import { openSqliteStore } from '@depledger/store-sqlite';

/** How many runs the token's sync stream records as started (the demo reads the file the commands write). */
export const startedRuns = async (cwd: string, tokenId: string): Promise<number> => {
  const store = openSqliteStore({ path: join(cwd, 'depledger.db') });
  try {
    let started = 0;
    for await (const event of store.events.readStream(syncStream(tokenId))) if (event.type.startsWith('SyncRunStarted')) started++;
    return started;
  } finally {
    await store.close();
  }
};

/** Waits until one more run than `before` has started, polling the store. */
export const waitForRunStart = async (cwd: string, tokenId: string, before: number, timeoutMs = 15_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while ((await startedRuns(cwd, tokenId)) <= before) {
    if (Date.now() > end) throw new Error('the background sync did not start');
    await new Promise((done) => setTimeout(done, 50));
  }
};
