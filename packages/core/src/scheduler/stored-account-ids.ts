import { businessStreamPrefixes } from '../business/business-streams';
import type { EventStore } from '../ports/event-store';

const prefixes = businessStreamPrefixes('businessAccount');

/** The ids of every Business API account the store has a stream for (under either name of the stream), in the order they first appear. */
export const storedAccountIds = async (store: EventStore): Promise<string[]> => {
  const ids = new Set<string>();
  for await (const stored of store.readAll({ streamPrefixes: prefixes })) {
    const prefix = prefixes.find((candidate) => stored.streamName.startsWith(candidate));
    if (prefix !== undefined) ids.add(stored.streamName.slice(prefix.length));
  }
  return [...ids];
};
