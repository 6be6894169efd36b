import { Worker } from 'node:worker_threads';
import type { StoredEvent } from '@depledger/core';
import type { PageRequest } from '../read-all';
import { pageTextSql } from '../statements';
import { decodePageText, type PageText } from './page-text';
import { readAheadWorkerSource } from './worker-source';

export type ReadAheadStatus = Readonly<{
  /**
   * `off`: turned off, or a `:memory:` database; `idle`: no sequential read to serve right now;
   * `reading`: pages are being read ahead; `failed`: the worker failed and reads stay on the calling thread.
   */
  state: 'off' | 'idle' | 'reading' | 'failed';
  /** Pages of `readAllPage` served from the worker since the store was opened. */
  pagesReadAhead: number;
  /** Pages the worker has read that the caller has not asked for yet. */
  pagesWaiting: number;
  /** Why read-ahead stopped for good (`failed`), or null. */
  failure: string | null;
}>;

export const readAheadOff: ReadAheadStatus = { state: 'off', pagesReadAhead: 0, pagesWaiting: 0, failure: null };

export type ReadAhead = Readonly<{
  /** The page `read` would give for `request`: from the worker when it was read ahead, else read by `read`. */
  page(request: PageRequest, read: (request: PageRequest) => StoredEvent[]): Promise<StoredEvent[]>;
  status(): ReadAheadStatus;
  /** Stops the worker and closes its connection. */
  close(): Promise<void>;
}>;

export type ReadAheadOptions = Readonly<{
  /** The database file (not `:memory:`: another connection could not see it). */
  file: string;
  busyTimeoutMs: number;
  /** Pages smaller than this are never read ahead (a worker and its messages cost more than they save). */
  minPageSize: number;
  /** Pages read ahead and not consumed yet, at most. */
  pagesAhead: number;
}>;

type PageMessage = PageText & Readonly<{ kind: 'page'; session: number }>;
type WorkerMessage = PageMessage | Readonly<{ kind: 'failed'; session: number; message: string }>;

type Session = {
  id: number;
  limit: number;
  prefixesKey: string;
  /** The position the next page starts after. */
  next: number;
  pages: PageMessage[];
  /** A caller is waiting for (or decoding) the next page: another call cannot take it meanwhile. */
  taking: boolean;
  waiter: ((page: PageMessage | null) => void) | null;
};

/**
 * Reads the global log ahead on a worker thread while the caller works on the previous page.
 *
 * A caller that reads page after page (`after` = the last position of the previous full page, same
 * size, same prefixes) — a projection's catch-up or rebuild — gets, from its third page on, pages
 * the worker read on its own read-only connection while the caller was folding the previous ones:
 * the SQLite work and the row strings leave the caller's thread, which only parses one JSON text
 * per page. Any other call is read on the caller's thread, as before.
 *
 * A page read ahead is exactly the page a read now would return when it is full: positions only grow
 * and are visible in order, so the first `limit` events after a position never change once they
 * exist. A page that was short (the end of the log when the worker read it) may have grown since: it
 * is read again. A page whose rows do not check out (see `decodePageText`) is read again as well.
 */
export const createReadAhead = (options: ReadAheadOptions): ReadAhead => {
  let worker: Worker | null = null;
  let session: Session | null = null;
  let sessions = 0;
  let failure: string | null = null;
  let closed = false;
  let pagesReadAhead = 0;
  /** Where the last full page of a sequential read ended: the next call continuing it starts a session. */
  let lastFull: Readonly<{ next: number; limit: number; prefixesKey: string }> | null = null;

  const stop = (): void => {
    const current = session;
    if (current === null) return;
    session = null;
    current.waiter?.(null);
    current.waiter = null;
    worker?.postMessage({ kind: 'stop' });
  };

  const fail = (reason: string): void => {
    if (failure !== null || closed) return;
    failure = reason;
    stop();
    void worker?.terminate();
    worker = null;
    process.emitWarning(`depledger: reading ahead in ${options.file} stopped (${reason}); reads go on on the calling thread.`, {
      code: 'DEPLEDGER_SQLITE_READ_AHEAD',
    });
  };

  const onMessage = (message: WorkerMessage): void => {
    const current = session;
    if (current === null || message.session !== current.id) return;
    if (message.kind === 'failed') {
      fail(`the worker's read failed: ${message.message}`);
      return;
    }
    const { waiter } = current;
    current.waiter = null;
    if (waiter) waiter(message);
    else current.pages.push(message);
  };

  const startWorker = (): Worker => {
    const started = new Worker(readAheadWorkerSource, {
      eval: true,
      workerData: { betterSqlite3: require.resolve('better-sqlite3'), file: options.file, busyTimeoutMs: options.busyTimeoutMs },
    });
    // never what keeps a process alive
    started.unref();
    started.on('message', onMessage);
    started.on('error', (error) => fail(`the worker failed: ${error instanceof Error ? error.message : String(error)}`));
    started.on('exit', (code) => {
      if (worker === started) fail(`the worker exited with code ${code}`);
    });
    return started;
  };

  const start = (request: PageRequest, prefixesKey: string, next: number): void => {
    try {
      worker ??= startWorker();
    } catch (error) {
      fail(`the worker did not start: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    sessions += 1;
    session = { id: sessions, limit: request.limit, prefixesKey, next, pages: [], taking: false, waiter: null };
    worker.postMessage({
      kind: 'start',
      session: session.id,
      after: next,
      limit: request.limit,
      prefixes: [...request.prefixes],
      sql: pageTextSql(request.prefixes.length),
      credit: options.pagesAhead,
    });
  };

  /** The session's next page (null if it is not full and sound, or the session stopped meanwhile). */
  const take = async (current: Session): Promise<StoredEvent[] | null> => {
    const page = current.pages.shift() ?? (await new Promise<PageMessage | null>((resolve) => (current.waiter = resolve)));
    if (page === null || session !== current) return null;
    worker?.postMessage({ kind: 'ack', session: current.id });
    const events = page.count === current.limit ? decodePageText(page) : null;
    if (events === null) return null;
    current.next = page.last;
    pagesReadAhead += 1;
    return events;
  };

  return {
    async page(request, read) {
      const prefixesKey = JSON.stringify(request.prefixes);
      const current = session;
      if (current !== null && current.taking) {
        // another caller is taking the session's next page: this call is not part of that sequence
        return read(request);
      }
      if (current !== null && current.next === request.after && current.limit === request.limit && current.prefixesKey === prefixesKey) {
        current.taking = true;
        const ahead = await take(current).finally(() => (current.taking = false));
        if (ahead !== null) {
          lastFull = { next: ahead[ahead.length - 1]!.position, limit: request.limit, prefixesKey };
          return ahead;
        }
      }
      stop();
      const events = read(request);
      const continues =
        lastFull !== null && lastFull.next === request.after && lastFull.limit === request.limit && lastFull.prefixesKey === prefixesKey;
      lastFull = null;
      if (events.length === request.limit && request.limit >= options.minPageSize) {
        const next = events[events.length - 1]!.position;
        lastFull = { next, limit: request.limit, prefixesKey };
        if (continues && failure === null && !closed) start(request, prefixesKey, next);
      }
      return events;
    },
    status: () => ({
      state: failure !== null ? 'failed' : session !== null ? 'reading' : 'idle',
      pagesReadAhead,
      pagesWaiting: session?.pages.length ?? 0,
      failure,
    }),
    async close() {
      closed = true;
      stop();
      const stopping = worker;
      worker = null;
      await stopping?.terminate();
    },
  };
};
