import type { AppendSignal } from '@depledger/core';
import pg from 'pg';
import type { PostgresDatabase } from '../connection/postgres-database';

/** The LISTEN side of appends: whether it is connected, so tests and operators can tell wake-ups from polling. */
export type AppendListener = Readonly<{
  /** Connects (once; again after a lost connection) and LISTENs; failures leave polling to do the work. */
  ensureListening(): void;
  isListening(): boolean;
  close(): Promise<void>;
}>;

/**
 * One connection per store that LISTENs on the schema's channel and turns every NOTIFY (sent by
 * `append_events` when it commits, from any process) into the in-process signal. When it cannot
 * connect or loses its connection, subscriptions still find new events by polling; the next wait
 * tries to listen again.
 */
export const createAppendListener = (database: PostgresDatabase, signal: AppendSignal): AppendListener => {
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;

  const drop = (lost: pg.Client): void => {
    if (client !== lost) return;
    client = null;
    listening = false;
    lost.removeAllListeners('notification');
    void lost.end().catch(() => undefined);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: database.url.connectionString, application_name: 'depledger listener' });
    client = next;
    next.on('error', () => drop(next));
    next.on('end', () => drop(next));
    next.on('notification', (message) => {
      if (message.channel === database.channel) signal.notify();
    });
    try {
      await next.connect();
      await next.query(`LISTEN "${database.channel}"`);
      if (client === next && !closed) {
        listening = true;
        // Anything appended while we were connecting: look again.
        signal.notify();
      } else {
        await next.end();
      }
    } catch {
      drop(next);
    }
  };

  return {
    ensureListening() {
      if (closed || client !== null) return;
      void connect();
    },
    isListening: () => listening,
    async close() {
      closed = true;
      const current = client;
      client = null;
      listening = false;
      if (current !== null) await current.end().catch(() => undefined);
    },
  };
};
