import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StoredEventInput,
  SubscribeOptions,
  Subscription,
} from '../ports/event-store';
import { checkExpectedRevision, matchesPrefixes } from './expected-revision';

/**
 * The in-memory EventStore, for tests, examples and benchmarks. One global array plus an array per
 * stream and a set of event ids: appends are O(1) whatever the store holds, so throughput stays
 * flat as it fills.
 */
export const createInMemoryEventStore = (): EventStore => {
  const log: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const ids = new Set<string>();
  const waiters = new Set<() => void>();

  const wake = () => {
    if (waiters.size === 0) return;
    const woken = [...waiters];
    waiters.clear();
    for (const waiter of woken) waiter();
  };

  const appendToStream = async (
    streamName: string,
    events: readonly StoredEventInput[],
    options: Readonly<{ expectedRevision: ExpectedRevision }>,
  ): Promise<AppendResult> => {
    const stream = streams.get(streamName);
    const actual = stream ? stream.length - 1 : -1;
    let fresh = events;
    for (const e of events) {
      if (ids.has(e.metadata.eventId)) {
        fresh = events.filter((x) => !ids.has(x.metadata.eventId));
        break;
      }
    }
    if (fresh.length === 0 && events.length > 0) {
      return { nextExpectedRevision: actual, lastPosition: stream?.[stream.length - 1]?.position ?? log.length, appended: 0 };
    }
    checkExpectedRevision(streamName, options.expectedRevision, actual);
    if (fresh.length > 1) {
      const seen = new Set<string>();
      for (const e of fresh) {
        if (seen.has(e.metadata.eventId)) throw new Error(`Event id ${e.metadata.eventId} appears twice in one append to ${streamName}`);
        seen.add(e.metadata.eventId);
      }
    }
    const target = stream ?? [];
    if (!stream) streams.set(streamName, target);
    for (const e of fresh) {
      const recorded: StoredEvent = {
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        streamName,
        revision: target.length,
        position: log.length + 1,
      };
      target.push(recorded);
      log.push(recorded);
      ids.add(e.metadata.eventId);
    }
    if (fresh.length > 0) wake();
    return { nextExpectedRevision: target.length - 1, lastPosition: log.length, appended: fresh.length };
  };

  // Reading is the hot path of every command. The in-memory stream is also synchronously iterable,
  // which `aggregateStream` uses to fold without a promise per event.
  const readStream = (streamName: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> & Iterable<StoredEvent> => {
    const slice = (): StoredEvent[] => {
      const stream = streams.get(streamName) ?? [];
      const from = options.fromRevision ?? 0;
      return options.maxCount === undefined && from === 0 ? stream.slice() : stream.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
    };
    return {
      [Symbol.iterator]: () => slice()[Symbol.iterator](),
      [Symbol.asyncIterator]: () => {
        const events = slice();
        let i = 0;
        return {
          next: () => Promise.resolve(i < events.length ? { value: events[i++] as StoredEvent, done: false } : { value: undefined, done: true as const }),
        };
      },
    };
  };

  async function* readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    for (let i = options.after ?? 0; i < log.length && remaining > 0; i++) {
      const event = log[i] as StoredEvent;
      if (!matchesPrefixes(event.streamName, options.streamPrefixes)) continue;
      remaining--;
      yield event;
    }
  }

  const subscribe = (options: SubscribeOptions = {}): Subscription => {
    let closed = false;
    let wakeSelf: (() => void) | null = null;
    async function* feed(): AsyncGenerator<StoredEvent> {
      let next = options.after ?? 0;
      while (!closed) {
        while (next < log.length && !closed) {
          const event = log[next++] as StoredEvent;
          if (matchesPrefixes(event.streamName, options.streamPrefixes)) yield event;
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          wakeSelf = resolve;
          waiters.add(resolve);
        });
      }
    }
    const iterator = feed();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        if (wakeSelf) {
          waiters.delete(wakeSelf);
          wakeSelf();
        }
      },
    };
  };

  return {
    readStream,
    streamRevision: async (streamName) => (streams.get(streamName)?.length ?? 0) - 1,
    appendToStream,
    readAll,
    headPosition: async () => log.length,
    subscribe,
    close: async () => {
      wake();
    },
  };
};
