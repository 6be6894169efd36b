import { syncStream } from '@depledger/core';
import type { DemoStore } from './demo-store';

/** How many runs the token's sync stream records as started (the demo reads the store the commands write). */
export const startedRuns = (store: DemoStore, tokenId: string): Promise<number> =>
  store.withEvents(async (events) => {
    let started = 0;
    for await (const event of events.readStream(syncStream(tokenId))) if (event.type.startsWith('SyncRunStarted')) started++;
    return started;
  });

/** Waits until one more run than `before` has started, polling the store. */
export const waitForRunStart = async (store: DemoStore, tokenId: string, before: number, timeoutMs = 15_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while ((await startedRuns(store, tokenId)) <= before) {
    if (Date.now() > end) throw new Error('the background sync did not start');
    await new Promise((done) => setTimeout(done, 50));
  }
};
