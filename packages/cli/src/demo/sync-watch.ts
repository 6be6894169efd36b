import { syncStream } from '@depledger/core';
import type { DemoStore } from './demo-store';

/** How many runs the token's sync stream records as started (the demo reads the store the commands write). */
export const startedRuns = (store: DemoStore, tokenId: string): Promise<number> =>
  store.withEvents(async (events) => {
    let started = 0;
    for await (const event of events.readStream(syncStream(tokenId))) if (event.type.startsWith('SyncRunStarted')) started++;
    return started;
  });

/**
 * Waits until one more run than `before` has started, polling the store, or until the background
 * command has ended without starting one (then it says so). No time limit of its own: how long a
 * command takes to start depends on the machine, and the background command ends by itself.
 */
export const waitForRunStart = async (store: DemoStore, tokenId: string, before: number, background: Promise<unknown>): Promise<void> => {
  let ended = false;
  void background.then(
    () => (ended = true),
    () => (ended = true),
  );
  while ((await startedRuns(store, tokenId)) <= before) {
    if (ended) throw new Error('the background sync ended before its run started');
    await new Promise((done) => setTimeout(done, 50));
  }
};
