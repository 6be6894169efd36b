import { isDepledgerError, type StoredEvent, type StoredEventInput, type StreamWrite } from '@depledger/core';
import type pg from 'pg';
import { openPostgresEventStore, postgresStoreErrorCodes, type PostgresEventStore } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, onTestServer, testServerUrl } from '../testing/test-server';

// The COPY path of an append (a call of at least `copyFromEvents` events): what it stores, and what
// happens when the server refuses a row or the connection dies half-way through the rows.

const event = (id: string, data: unknown = { id }, type = 'Copied.v1'): StoredEventInput => ({
  type,
  data,
  metadata: {
    eventId: id,
    occurredAt: new Date(0).toISOString(),
    actor: 'system:test',
    correlationId: id,
    causationId: null,
    tokenId: null,
  },
});

/** Text COPY's format must escape (tab, newline, carriage return, backslash), a `\.` line, quotes, NUL in JSON and characters beyond the BMP. */
const awkward = ['tab\there', 'new\nline', 'carriage\rreturn', 'back\\slash', '\\.', '\\N', '"quoted"', 'Non contacté — 端末 🍏', ''];

/** A sync page's shape, with awkward text in every field a row carries. */
const page = (prefix: string): StreamWrite[] =>
  Array.from({ length: 100 }, (_, s) => ({
    streamName: `${prefix}${awkward[s % awkward.length]}-${s}`,
    expectedRevision: 'any' as const,
    events: Array.from({ length: s % 10 === 9 ? 0 : 10 }, (_, n) =>
      event(
        `${prefix}${s}-${n}${awkward[n % awkward.length]}`,
        { text: awkward[(s + n) % awkward.length], nul: '\u0000', nested: { list: [n, null, { deep: true }], line: 'a\\nb\n' } },
        `Copied${awkward[n % 3]}.v1`,
      ),
    ),
  }));

const stored = async (store: PostgresEventStore): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
};

/** Backends of other sessions waiting on a lock in a COPY into the schema's events. */
const copiesWaiting = async (client: pg.Client, schema: string): Promise<number[]> => {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const found = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1 AND pid <> pg_backend_pid()`,
    [`COPY "${schema}".events %`],
  );
  return found.rows.map((row) => row.pid);
};

/** Waits for a COPY of the schema to wait on a lock (the guard against a hang only: a busy machine may take long). */
const waitForCopyWaiting = async (client: pg.Client, schema: string): Promise<number[]> => {
  const deadline = Date.now() + 100_000;
  for (;;) {
    const pids = await copiesWaiting(client, schema);
    if (pids.length > 0) return pids;
    if (Date.now() > deadline) throw new Error(`no COPY into ${schema} ever waited`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describeWithPostgres('PostgreSQL append by COPY', () => {
  const schemas: string[] = [];
  const stores: PostgresEventStore[] = [];
  const open = async (copyFromEvents: number, retries = 4): Promise<PostgresEventStore> => {
    const schema = freshSchemaName('dlcopy');
    schemas.push(schema);
    const store = await openPostgresEventStore({ url: testServerUrl, schema, copyFromEvents, retry: { retries, firstDelayMs: 20 } });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  afterAll(() => dropSchemas(...schemas), 30_000);

  it('stores a page of 100 streams exactly as the append function does: results, positions, revisions, names and JSON', async () => {
    const [byFunction, byCopy] = [await open(Number.POSITIVE_INFINITY), await open(1)];
    const results = [];
    for (const store of [byFunction, byCopy]) {
      // streams that exist already, so revisions and positions continue them
      await store.appendToStreams(
        page('p-')
          .slice(0, 3)
          .map((w) => ({ ...w, events: w.events.slice(0, 2) })),
      );
      results.push(await store.appendToStreams(page('p-').map((w, s) => (s < 3 ? { ...w, events: w.events.slice(2) } : w))));
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[1]!.reduce((sum, r) => sum + r.appended, 0)).toBe(894);
    const [functionEvents, copyEvents] = [await stored(byFunction), await stored(byCopy)];
    expect(copyEvents).toHaveLength(900);
    expect(copyEvents).toEqual(functionEvents);
    expect(copyEvents.map((e) => e.position)).toEqual(Array.from({ length: 900 }, (_, i) => i + 1));
    // and the JSON reads back as given
    const given = [
      ...page('p-')
        .slice(0, 3)
        .flatMap((w) => w.events.slice(0, 2)),
      ...page('p-').flatMap((w, s) => w.events.slice(s < 3 ? 2 : 0)),
    ];
    expect(copyEvents.map((e) => [e.type, e.data, e.metadata])).toEqual(given.map((e) => [e.type, e.data, e.metadata]));
  });

  it('falls back to the careful path when the first row of a large copy is an event already stored: it is skipped, the rest appended, the connection fit for more', async () => {
    const store = await open(1);
    await store.appendToStream('long', [event('stored-first')], { expectedRevision: 'no_stream' });
    // ~1.5 MB of rows: the server refuses the first while the rest are still on their way
    const events = [event('stored-first'), ...Array.from({ length: 3000 }, (_, n) => event(`new-${n}`, { n, pad: 'x'.repeat(400) }))];
    const [result] = await store.appendToStreams([{ streamName: 'long', events, expectedRevision: 0 }]);
    expect(result).toEqual({ nextExpectedRevision: 3000, lastPosition: 3001, appended: 3000 });
    const all = await stored(store);
    expect(all.map((e) => e.metadata.eventId)).toEqual(['stored-first', ...Array.from({ length: 3000 }, (_, n) => `new-${n}`)]);
    expect(all.map((e) => e.revision)).toEqual(Array.from({ length: 3001 }, (_, i) => i));
    // the same connections go on appending by COPY
    expect(await store.appendToStream('after', [event('after-0'), event('after-1')], { expectedRevision: 'no_stream' })).toEqual({
      nextExpectedRevision: 1,
      lastPosition: 3003,
      appended: 2,
    });
  });

  it('refuses a stale expected revision with a ConcurrencyError, writing nothing of the call', async () => {
    const store = await open(1);
    await store.appendToStream('a', [event('a-0')], { expectedRevision: 'no_stream' });
    const error = await store
      .appendToStreams([
        { streamName: 'b', events: [event('b-0'), event('b-1')], expectedRevision: 'no_stream' },
        { streamName: 'a', events: [event('a-1')], expectedRevision: 5 },
      ])
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'CONCURRENCY_CONFLICT')).toBe(true);
    expect((await stored(store)).map((e) => e.metadata.eventId)).toEqual(['a-0']);
  });

  /** An uncommitted row with this event id, in `holder`'s open transaction: a copy stops on it, with the rows before it written. */
  const holdEventId = async (holder: { query: (text: string, values?: unknown[]) => Promise<unknown> }, schema: string, id: string) => {
    await holder.query('BEGIN');
    await holder.query(
      `INSERT INTO "${schema}".events (position, stream_name, revision, event_id, type, data, metadata) VALUES (1000000, 'held', 0, $1, 'Held.v1', '{}', '{}')`,
      [id],
    );
  };

  it('retries an append whose connection dies in the middle of its rows, writing each event once', async () => {
    const store = await open(1, 5);
    const schema = store.database.schema;
    const events = Array.from({ length: 1000 }, (_, n) => event(`${schema}-${n}`));
    await onTestServer(async (holder) => {
      await holdEventId(holder, schema, `${schema}-500`);
      const appending = store.appendToStreams([{ streamName: 'killed', events, expectedRevision: 'no_stream' }]);
      const victims = await waitForCopyWaiting(holder, schema);
      await holder.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [victims]);
      // the retry copies again and stops on the same row; then the row goes away
      await waitForCopyWaiting(holder, schema);
      await holder.query('ROLLBACK');
      expect(await appending).toEqual([{ nextExpectedRevision: 999, lastPosition: 1000, appended: 1000 }]);
    });
    const all = await stored(store);
    expect(all.map((e) => e.metadata.eventId)).toEqual(events.map((e) => e.metadata.eventId));
    expect(all.map((e) => e.position)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('gives a typed error and keeps none of the rows when the connection dies in the middle of them and no retry is left', async () => {
    const store = await open(1, 0);
    const schema = store.database.schema;
    const events = Array.from({ length: 1000 }, (_, n) => event(`${schema}-${n}`));
    await onTestServer(async (holder) => {
      await holdEventId(holder, schema, `${schema}-500`);
      const appending = store.appendToStreams([{ streamName: 'lost', events, expectedRevision: 'no_stream' }]).catch((e: unknown) => e);
      const victims = await waitForCopyWaiting(holder, schema);
      await holder.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [victims]);
      const error = await appending;
      await holder.query('ROLLBACK');
      expect(isDepledgerError(error, postgresStoreErrorCodes.unavailable)).toBe(true);
    });
    expect(await store.headPosition()).toBe(0);
    expect(await store.streamRevision('lost')).toBe(-1);
  });

  it('refuses copyFromEvents below 1, naming the option', async () => {
    await expect(open(0)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [expect.objectContaining({ path: 'copyFromEvents' })] },
    });
  });
});
