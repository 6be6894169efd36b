import type { Readable } from 'node:stream';
import type { StreamingRead } from '@eventstore/db-client';

/**
 * The client's reads and subscriptions are streams piped from a gRPC call. Leaving one early needs
 * more than the client's `cancel()`: when the call already ended, `cancel()` does nothing and the
 * call's stream, unpiped with its end unread, never finishes — and the client's `dispose()` waits
 * for it forever. So we keep the piped call's stream (Node's `pipe` event) and destroy it too.
 */
export type Release = () => Promise<void>;

/** A client read (`cancel`) or subscription (`unsubscribe`): a stream the gRPC call's stream is piped into. */
type ClientStream = {
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  destroy(): unknown;
  cancel?(): Promise<void>;
  unsubscribe?(): Promise<void>;
};

export const releasable = (reading: ClientStream): Release => {
  let source: Readable | undefined;
  reading.once('pipe', (piped) => {
    source = piped as Readable;
  });
  return async () => {
    await (reading.cancel ?? reading.unsubscribe)?.call(reading).catch(() => undefined);
    source?.destroy();
    reading.destroy();
  };
};

async function* iterate<E>(reading: StreamingRead<E>, release: Release): AsyncGenerator<E> {
  let finished = false;
  try {
    for await (const item of reading) yield item as E;
    finished = true;
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    if (!finished) await release();
  }
}

/** Iterates a client read; a read left early is released, so nothing stays open behind it. */
export const eventsOf = <E>(reading: StreamingRead<E>): AsyncGenerator<E> => iterate(reading, releasable(reading));
