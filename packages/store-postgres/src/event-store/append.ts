import { ConcurrencyError, type AppendResult } from '@depledger/core';
import type { PostgresDatabase } from '../connection/postgres-database';
import { appendByCopy, CarefulPathNeeded } from './append-by-copy';
import type { EncodedWrites } from './encode-events';

export type ResultRow = [writeIndex: number, nextRevision: number, lastPosition: number, appended: number];

const conflictOf = (error: unknown): ConcurrencyError | undefined => {
  const failure = error as { code?: unknown; detail?: unknown } | null;
  if (failure?.code !== 'DL409' || typeof failure.detail !== 'string') return undefined;
  const detail = JSON.parse(failure.detail) as { streamName: string; expected: string; actual: number };
  return new ConcurrencyError(detail.streamName, detail.expected, detail.actual === -1 ? 'no stream' : String(detail.actual));
};

/** The statement that appends the writes through the schema's `append_events_v2` function. */
export const appendStatement = (database: PostgresDatabase, encoded: EncodedWrites) => ({
  name: `depledger-append-${database.schema}`,
  text: `SELECT * FROM ${database.quoted}.append_events_v2($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  // data and metadata as one JSON array each: the driver would escape every quote of a text[] of JSON
  values: [
    encoded.streams,
    encoded.expected,
    encoded.counts,
    encoded.streamOf,
    encoded.ids,
    encoded.types,
    `[${encoded.data.join(',')}]`,
    `[${encoded.metadata.join(',')}]`,
    database.channel,
  ] as unknown[],
});

/** What `append_events` returned, as the port's results; its conflict as a ConcurrencyError. */
export const appendResultsOf = (rows: readonly ResultRow[]): AppendResult[] =>
  rows.map(([, nextExpectedRevision, lastPosition, appended]) => ({ nextExpectedRevision, lastPosition, appended }));

export const asConcurrencyError = (error: unknown): unknown => conflictOf(error) ?? error;

export const describeAppend = (encoded: EncodedWrites): string =>
  encoded.streams.length === 1 ? `appending to ${encoded.streams[0]}` : `appending to ${encoded.streams.length} streams`;

/**
 * Whether a call of this many events goes by COPY: at least `copyFromEvents` of them (never an
 * empty call, which has nothing to copy).
 */
export const goesByCopy = (encoded: EncodedWrites, copyFromEvents: number): boolean =>
  encoded.ids.length > 0 && encoded.ids.length >= copyFromEvents;

/**
 * Appends the writes: a call of at least `copyFromEvents` events by COPY (`appendByCopy`), others —
 * and a COPY that met a conflict or a stored event id, rolled back — through the schema's
 * `append_events_v2` function: one statement, so one transaction and one round trip; all or
 * nothing. A lost connection is retried (events already stored are skipped by id, so a retry after
 * an append that did commit writes nothing twice).
 */
export const appendWrites = async (database: PostgresDatabase, encoded: EncodedWrites, copyFromEvents: number): Promise<AppendResult[]> => {
  if (goesByCopy(encoded, copyFromEvents)) {
    try {
      return await appendByCopy(database, encoded, describeAppend(encoded), undefined);
    } catch (error) {
      if (!(error instanceof CarefulPathNeeded)) throw error;
    }
  }
  try {
    return appendResultsOf(await database.query<ResultRow>(describeAppend(encoded), appendStatement(database, encoded)));
  } catch (error) {
    throw asConcurrencyError(error);
  }
};
