import type { EventStore } from '../ports/event-store';

/**
 * A look-up of the log that reads, each time, only what was appended since the previous one
 * (positions appear in commit order in every store, so everything up to the head read at the start
 * is stored by then: the next look-up starts there). `visit` is told each event's stream name; a
 * look-up asked for while one runs shares it. The scheduler's token and account look-ups are built
 * on it, per tenant and for the whole fleet.
 */
export const readSinceLast = (
  store: EventStore,
  streamPrefixes: readonly string[] | undefined,
  visit: (streamName: string) => void,
): (() => Promise<void>) => {
  let after = 0;
  let reading: Promise<void> | null = null;
  return () =>
    (reading ??= (async () => {
      try {
        const head = await store.headPosition();
        let last = after;
        for await (const stored of store.readAll(streamPrefixes === undefined ? { after } : { after, streamPrefixes })) {
          visit(stored.streamName);
          last = stored.position;
        }
        after = Math.max(head, last);
      } finally {
        reading = null;
      }
    })());
};
