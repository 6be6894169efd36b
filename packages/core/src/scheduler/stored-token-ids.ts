import type { EventStore } from '../ports/event-store';
import { tokenStream } from '../token/token-events';

const prefix = tokenStream('');

/** The ids of every token the store has a stream for, in the order they first appear in the log. */
export const storedTokenIds = async (store: EventStore): Promise<string[]> => {
  const ids = new Set<string>();
  for await (const stored of store.readAll({ streamPrefixes: [prefix] })) ids.add(stored.streamName.slice(prefix.length));
  return [...ids];
};
