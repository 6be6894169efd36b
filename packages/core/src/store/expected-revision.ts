import { ConcurrencyError } from '../errors/concurrency-error';
import type { ExpectedRevision } from '../ports/event-store';

/** Throws ConcurrencyError unless a stream at `actual` (-1: no stream) satisfies `expected`. Shared by every store. */
export const checkExpectedRevision = (streamName: string, expected: ExpectedRevision, actual: number): void => {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === -1) ||
    (expected === 'stream_exists' && actual >= 0) ||
    (typeof expected === 'number' && expected === actual);
  if (!ok) throw new ConcurrencyError(streamName, String(expected), actual === -1 ? 'no stream' : String(actual));
};

export const matchesPrefixes = (streamName: string, prefixes: readonly string[] | undefined): boolean => {
  if (!prefixes || prefixes.length === 0) return true;
  for (const prefix of prefixes) if (streamName.startsWith(prefix)) return true;
  return false;
};
