import type { StoredEvent, Subscription } from '@depledger/core';
import type { AppendSignal } from './append-signal';
import { toStoredEvent, type EventRow } from './rows';

export type SubscriptionSource = Readonly<{
  /** The next page of the global log after `after` (already filtered). */
  loadPage(after: number, limit: number): Promise<EventRow[]>;
  signal: AppendSignal;
  /** Called before each wait: (re)starts the LISTEN connection. */
  beforeWait(): void;
  pageSize: number;
  /** How long to wait for a wake-up before looking again anyway, in ms. */
  pollIntervalMs: number;
  onClose(): void;
}>;

/**
 * Catch-up then live: yields what is stored after `after`, then waits for a NOTIFY (from any
 * process), an append through this store, or the poll interval, whichever comes first.
 * Positions are handed out in commit order, so reading "after the last position seen" never skips
 * an event committed later. `close()` wakes a waiting iteration, which then finishes.
 */
export const openSubscription = (source: SubscriptionSource, options: Readonly<{ after: number; maxCount: number }>): Subscription => {
  let closed = false;
  const wakers = new Set<() => void>();

  const waitForAppend = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        cancelSignal();
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, source.pollIntervalMs);
      const cancelSignal = source.signal.once(wake);
      wakers.add(wake);
    });

  async function* feed(): AsyncGenerator<StoredEvent> {
    let after = options.after;
    let remaining = options.maxCount;
    while (!closed && remaining > 0) {
      // Armed before reading, so an append committed while the page is read wakes the wait after it.
      source.beforeWait();
      const woken = waitForAppend();
      const rows = await source.loadPage(after, Math.min(source.pageSize, remaining));
      if (closed) return;
      if (rows.length === 0) {
        await woken;
        continue;
      }
      for (const wake of [...wakers]) wake();
      for (const row of rows) {
        if (closed) return;
        after = row[0];
        remaining -= 1;
        yield toStoredEvent(row);
      }
    }
  }

  return {
    [Symbol.asyncIterator]: () => feed(),
    close(): Promise<void> {
      if (!closed) {
        closed = true;
        for (const wake of [...wakers]) wake();
        source.onClose();
      }
      return Promise.resolve();
    },
  };
};
