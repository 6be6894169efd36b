import type pg from 'pg';

/** The messages of COPY's protocol a pg connection sends for us (present on pg's Connection, missing from its types). */
type CopyConnection = Readonly<{
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}>;

/**
 * Runs `COPY … FROM STDIN` on a client and feeds it: once the server asks for the data, `chunks()`
 * is drawn one chunk at a time and each is sent at once, so the server stores the rows of one chunk
 * while the next is being made. Resolves with the rows copied; rejects with the server's error (the
 * transaction is then aborted: roll it back).
 *
 * Written for depledger rather than taken from `pg-copy-streams`: an append makes its rows in
 * answer to the server's request and sends them in the same turn of the event loop, which needs no
 * stream machinery, and the path depledger expects to take — the server refusing a row half-way
 * (a stored event id on a retried append), then a ROLLBACK on the same connection — stays in these
 * few lines (that package has an open report of a write to the connection it had let go after a
 * server error). Since every chunk is sent synchronously, no server message arrives in between;
 * the server drops whatever follows an error of its own.
 */
export const copyIn = (client: pg.PoolClient, text: string, chunks: () => Iterable<Buffer>): Promise<number> =>
  new Promise((resolve, reject) => {
    let copied = 0;
    let settled = false;
    const settle = (error: unknown): void => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve(copied);
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const query: pg.Submittable & Record<string, unknown> = {
      submit: (connection) => connection.query(text),
      handleCopyInResponse: (connection: CopyConnection) => {
        try {
          for (const chunk of chunks()) connection.sendCopyFromChunk(chunk);
        } catch (error) {
          // nothing of a half-made copy may be kept: CopyFail makes the server refuse the COPY
          connection.sendCopyFail('depledger could not encode the rows');
          settle(error);
          return;
        }
        connection.endCopyFrom();
      },
      handleCommandComplete: (message: { text?: string }) => {
        const match = /^COPY (\d+)/.exec(message.text ?? '');
        if (match !== null) copied = Number(match[1]);
      },
      handleError: (error: unknown) => settle(error),
      handleReadyForQuery: () => settle(undefined),
      handleRowDescription: () => undefined,
      handleDataRow: () => undefined,
      handleEmptyQuery: () => undefined,
      handlePortalSuspended: () => undefined,
    };
    client.query(query);
  });
