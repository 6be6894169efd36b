import type { StoredEvent, Subscription } from '../ports/event-store';
import type { AppendSignal } from './append-signal';

/** What a store that polls a database gives a subscription. */
export type PolledSubscriptionSource = Readonly<{
  /** The next page of the global log after `after`, already filtered and decoded, in position order. */
  loadPage(after: number, limit: number): readonly StoredEvent[] | Promise<readonly StoredEvent[]>;
  /** Wakes a waiting subscription as soon as something is appended. */
  signal: AppendSignal;
  /** Called before each wait (PostgreSQL (re)starts its LISTEN connection there). */
  beforeWait?(): void;
  pageSize: number;
  /** How long to wait for a wake-up before looking again anyway (appends no signal told of), in ms. */
  pollIntervalMs: number;
  onClose(): void;
}>;

/**
 * Catch-up then live, for the stores that poll a database (SQLite, PostgreSQL): yields what is
 * stored after `after`, then waits for the append signal or the poll interval, whichever comes
 * first. The wait is armed before each page is read, so an append committed while the page is read
 * wakes the wait after it. Positions are handed out in commit order, so reading "after the last
 * position seen" never skips an event committed later. `close()` wakes a waiting iteration, which
 * then finishes.
 */
export const openPolledSubscription = (
  source: PolledSubscriptionSource,
  options: Readonly<{ after: number; maxCount: number }>,
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
      source.beforeWait?.();
      const woken = waitForAppend();
      const events = await source.loadPage(after, Math.min(source.pageSize, remaining));
      if (closed) return;
      if (events.length === 0) {
        await woken;
        continue;
      }
      for (const wake of [...wakers]) wake();
      for (const event of events) {
        if (closed) return;
        after = event.position;
        remaining -= 1;
        yield event;
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
