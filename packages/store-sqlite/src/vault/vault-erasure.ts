import type { SqliteDatabase } from '../database/open-database';

/** Where the erasure of forgotten values stands: done, or waiting for readers of the WAL. */
export type VaultErasureStatus = Readonly<{
  /** Values forgotten whose old bytes may still be in the WAL file. */
  pending: number;
  /** When the oldest of them was forgotten (ISO 8601), or null. */
  since: string | null;
  /** Checkpoints tried for them so far. */
  attempts: number;
}>;

/** Told when erasure is done, and when it gave up waiting (a reader kept the WAL); never given a value. */
export type VaultErasureEvent =
  | Readonly<{ type: 'erased'; attempts: number }>
  | Readonly<{ type: 'erasure-incomplete'; pending: number; since: string; attempts: number; reason: string }>;

export type VaultErasureOptions = Readonly<{
  /** How long retries go on, in the background, before `erasure-incomplete` is reported. @defaultValue 60000 */
  retryForMs?: number;
  observe?: (event: VaultErasureEvent) => void;
  now: () => Date;
}>;

export type VaultErasure = Readonly<{
  /** After a value was overwritten: moves it out of the WAL now if no reader is in the way, else later. */
  afterErase(): void;
  status(): VaultErasureStatus;
  /** Retries until done or `timeoutMs` passed; true when nothing is pending. Never blocks the event loop. */
  complete(timeoutMs: number): Promise<boolean>;
  /** Stops the background retries (the store closes). */
  stop(): void;
}>;

const firstDelayMs = 25;
const maxDelayMs = 2000;

/**
 * Getting forgotten bytes out of the WAL. `secure_delete` zeroes them in the page's new version,
 * but the old version stays in the WAL until a checkpoint copies the WAL into the file and
 * truncates it. A checkpoint that meets a reader (another connection in a read transaction) cannot
 * finish; it is tried without waiting (`busy_timeout` 0, so the event loop is never held), and
 * again in the background with a growing delay, until done or `retryForMs` passed — then reported.
 */
export const createVaultErasure = (database: SqliteDatabase, options: VaultErasureOptions): VaultErasure => {
  const { connection } = database;
  const retryForMs = options.retryForMs ?? 60_000;
  let pending = 0;
  let since: Date | null = null;
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;
  let delay = firstDelayMs;
  let lastReason = '';

  const checkpoint = (): boolean => {
    if (database.path === ':memory:' || !connection.open) return true;
    attempts++;
    const previous = connection.pragma('busy_timeout', { simple: true }) as number;
    connection.pragma('busy_timeout = 0');
    try {
      const [result] = connection.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
      if (result === undefined) return true;
      lastReason = `another connection is reading (${result.checkpointed} of ${result.log} WAL frames copied)`;
      return result.busy === 0 && result.log === result.checkpointed;
    } catch (error) {
      lastReason = error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      connection.pragma(`busy_timeout = ${previous}`);
    }
  };

  const settle = (): boolean => {
    if (pending === 0) return true;
    if (!checkpoint()) return false;
    options.observe?.({ type: 'erased', attempts });
    pending = 0;
    since = null;
    attempts = 0;
    delay = firstDelayMs;
    return true;
  };

  const schedule = (): void => {
    if (timer !== undefined || pending === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (settle()) return;
      const started = since ?? options.now();
      if (options.now().getTime() - started.getTime() >= retryForMs) {
        options.observe?.({ type: 'erasure-incomplete', pending, since: started.toISOString(), attempts, reason: lastReason });
        return; // complete() or the next forget tries again
      }
      delay = Math.min(delay * 2, maxDelayMs);
      schedule();
    }, delay);
    timer.unref();
  };

  return {
    afterErase() {
      pending++;
      since ??= options.now();
      if (!settle()) schedule();
    },
    status: () => ({ pending, since: since?.toISOString() ?? null, attempts }),
    async complete(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let wait = firstDelayMs;
      while (!settle()) {
        if (Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(1, deadline - Date.now()))));
        wait = Math.min(wait * 2, maxDelayMs);
      }
      return true;
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
};
