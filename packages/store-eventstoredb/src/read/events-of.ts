import type { StreamingRead } from '@eventstore/db-client';

/** Iterates a client read; a read left early is cancelled, so no call stays open behind it. */
export async function* eventsOf<E>(reading: StreamingRead<E>): AsyncGenerator<E> {
  let finished = false;
  try {
    for await (const item of reading) yield item as E;
    finished = true;
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    if (!finished) await reading.cancel();
  }
}
