import type { StoredEvent, SubscribeOptions, Subscription } from '@depledger/core';
import type { AppendSignal } from './append-signal';
import { decodeEventRow, type EventRow } from './rows';

export type SubscriptionSource = Readonly<{
  /** The next page of the global log after `after` (already filtered). */
  loadPage(after: number, limit: number): EventRow[];
  signal: AppendSignal;
  pageSize: number;
  /** How long to wait for an in-process signal before looking again (appends from other processes). */
  pollIntervalMs: number;
  onClose(): void;
}>;

/**
 * Catch-up then live: yields what is stored after `after`, then waits for an append signal or the
 * poll interval, whichever comes first. `close()` wakes a waiting iteration, which then finishes.
 */
export const openSubscription = (
  source: SubscriptionSource,
  options: Required<Pick<SubscribeOptions, 'after' | 'maxCount'>>,
): Subscription => {
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
      const rows = source.loadPage(after, Math.min(source.pageSize, remaining));
      if (rows.length === 0) {
        await waitForAppend();
        continue;
      }
      for (const row of rows) {
        if (closed) return;
        after = row[0];
        remaining -= 1;
        yield decodeEventRow(row);
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
