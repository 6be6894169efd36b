import { ValidationError, type ExpectedRevision, type StoredEventInput, type StreamWrite } from '@depledger/core';

/** One call's events as the append function takes them: parallel arrays, JSON already text. */
export type EncodedWrites = Readonly<{
  streams: string[];
  expected: string[];
  /** Each write's number of events (its events are consecutive, in write order). */
  counts: number[];
  streamOf: number[];
  ids: string[];
  types: string[];
  data: string[];
  metadata: string[];
}>;

type Issue = { path: string; message: string };

const toJson = (value: unknown, path: string, issues: Issue[]): string => {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
    issues.push({ path, message: 'must be JSON data (got undefined or a function)' });
  } catch (error) {
    issues.push({ path, message: `must be JSON data (${error instanceof Error ? error.message : String(error)})` });
  }
  return 'null';
};

const expectedText = (expected: ExpectedRevision, path: string, issues: Issue[]): string => {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1) return String(expected);
  issues.push({ path, message: `must be a revision (an integer ≥ -1), 'no_stream', 'stream_exists' or 'any'; got ${String(expected)}` });
  return 'any';
};

/**
 * Checks and serialises the writes of one call before anything is sent; throws one ValidationError
 * naming every bad field (a missing or repeated event id, a type, data that is not JSON, a stream
 * named twice). Nothing is written then.
 */
export const encodeWrites = (what: string, writes: readonly StreamWrite[]): EncodedWrites => {
  const issues: Issue[] = [];
  const encoded: EncodedWrites = { streams: [], expected: [], counts: [], streamOf: [], ids: [], types: [], data: [], metadata: [] };
  const streams = new Set<string>();
  const ids = new Set<string>();
  writes.forEach((write, w) => {
    const at = writes.length === 1 ? '' : `writes[${w}].`;
    if (typeof write.streamName !== 'string' || write.streamName.length === 0)
      issues.push({ path: `${at}streamName`, message: 'must be a non-empty string' });
    else if (streams.has(write.streamName)) issues.push({ path: `${at}streamName`, message: 'each stream may appear once per call' });
    streams.add(write.streamName);
    encoded.streams.push(write.streamName);
    encoded.expected.push(expectedText(write.expectedRevision, `${at}expectedRevision`, issues));
    encoded.counts.push(Array.isArray(write.events) ? write.events.length : 0);
    write.events.forEach((event, index) => {
      const path = `${at}events[${index}]`;
      const eventId: unknown = event?.metadata?.eventId;
      if (typeof eventId !== 'string' || eventId.length === 0)
        issues.push({ path: `${path}.metadata.eventId`, message: 'must be a non-empty string' });
      else if (ids.has(eventId))
        issues.push({ path: `${path}.metadata.eventId`, message: `repeats an earlier event id of this call (${eventId})` });
      else ids.add(eventId);
      if (typeof event?.type !== 'string' || event.type.length === 0)
        issues.push({ path: `${path}.type`, message: 'must be a non-empty string' });
      encoded.streamOf.push(w + 1);
      encoded.ids.push(eventId as string);
      encoded.types.push(event?.type);
      encoded.data.push(toJson(event?.data, `${path}.data`, issues));
      encoded.metadata.push(toJson(event?.metadata, `${path}.metadata`, issues));
    });
  });
  if (issues.length > 0) throw new ValidationError(what, issues);
  return encoded;
};

/** The events of one stream as the one write of a call. */
export const singleWrite = (streamName: string, events: readonly StoredEventInput[], expectedRevision: ExpectedRevision): StreamWrite[] => [
  { streamName, events, expectedRevision },
];
