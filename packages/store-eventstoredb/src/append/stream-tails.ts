import type { Connection } from '../connection/connection';
import { readLastPlaces, readPlacesFrom, type EventPlace } from '../read/read-stream';

/**
 * The ids of the last `window` events of a stream, for the idempotency check of appends. History
 * never changes, so what was read once stays true: the store remembers each stream's tail (for a
 * bounded number of streams) and on the next append to it reads only the events written since.
 * Appending to a stream it knows costs one read that usually returns nothing, instead of re-reading
 * the whole window.
 */
export type StreamTail = Readonly<{
  /** The stream's last revision, -1 when it does not exist. */
  revision: number;
  /** The global position of its last event, 0 when it does not exist. */
  position: number;
  /** EventStoreDB ids of its last events, oldest first, at most `window`. */
  ids: readonly string[];
}>;

const noStream: StreamTail = { revision: -1, position: 0, ids: [] };

export type StreamTails = Readonly<{
  /** The stream's current tail, as far as `count` events back (at least the store's window). */
  read(streamName: string, count: number): Promise<StreamTail>;
  /** Records an append that wrote `ids` as the revisions up to `revision`, the last at `position`. */
  appended(streamName: string, ids: readonly string[], revision: number, position: number): void;
}>;

const tailOf = (places: readonly EventPlace[] | null, window: number): StreamTail => {
  const last = places?.at(-1);
  if (!places || !last) return noStream;
  return { revision: last.revision, position: last.position, ids: places.slice(-window).map((p) => p.id) };
};

const extended = (tail: StreamTail, ids: readonly string[], revision: number, position: number, window: number): StreamTail => ({
  revision,
  position,
  ids: [...tail.ids, ...ids].slice(-window),
});

export const createStreamTails = (connection: Connection, window: number, capacity = 256): StreamTails => {
  const known = new Map<string, StreamTail>();

  const remember = (streamName: string, tail: StreamTail) => {
    known.delete(streamName);
    known.set(streamName, tail);
    if (known.size > capacity) known.delete(known.keys().next().value as string);
  };

  const readWhole = async (streamName: string, count: number): Promise<StreamTail> =>
    tailOf(await readLastPlaces(connection, streamName, count), count);

  const read = async (streamName: string, count: number): Promise<StreamTail> => {
    if (count > window) return readWhole(streamName, count);
    const before = known.get(streamName);
    if (!before) {
      const tail = await readWhole(streamName, window);
      remember(streamName, tail);
      return tail;
    }
    const since = await readPlacesFrom(connection, streamName, before.revision + 1, window + 1);
    // Gone (deleted) or too much written since: read the window again.
    const tail =
      since === null || since.length > window || (since.length > 0 && since[0]?.revision !== before.revision + 1)
        ? await readWhole(streamName, window)
        : since.length === 0
          ? before
          : extended(
              before,
              since.map((p) => p.id),
              (since.at(-1) as EventPlace).revision,
              (since.at(-1) as EventPlace).position,
              window,
            );
    remember(streamName, tail);
    return tail;
  };

  const appended = (streamName: string, ids: readonly string[], revision: number, position: number) => {
    const before = known.get(streamName);
    // Only when nothing else was written in between; otherwise the next read fills the gap.
    if (before && before.revision === revision - ids.length) remember(streamName, extended(before, ids, revision, position, window));
  };

  return { read, appended };
};
