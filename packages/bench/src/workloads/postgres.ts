import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { depledgerSerde } from '@depledger/core';
import { createProjectionRunner, deviceStatusProjection } from '@depledger/projections';
import { openPostgresStore, type PostgresStore } from '@depledger/store-postgres';
import { sampleOf, throughput, type RunPlan } from '../measure';
import { emmettPostgresAppend, emmettPostgresReadStream, emmettPostgresStore } from '../peers/emmett-postgresql';
import type { Row } from '../row';
import { deviceStreams, type DeviceStreamData } from './device-events';

/** The server the PostgreSQL workloads run on: DEPLEDGER_PG_URL, else the project machines' server. */
export const benchPostgresUrl = process.env.DEPLEDGER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** 100 device streams of 10 events per call: 1000 events in one transaction, as the sync engine writes a page. */
const streamsPerBatch = 100;
const pageSize = 1000;

const schemaName = (label: string): string => `dlbench_${label}_${randomBytes(4).toString('hex')}`;

/** The bare loop's table: the store's columns and unique indexes, in a schema of its own. */
const bareSchema = (s: string): string => `
  CREATE SCHEMA "${s}";
  CREATE TABLE "${s}".events (position bigint PRIMARY KEY, stream_name text NOT NULL, revision integer NOT NULL, event_id text NOT NULL, type text NOT NULL, data json NOT NULL, metadata json NOT NULL);
  CREATE UNIQUE INDEX ON "${s}".events (stream_name, revision);
  CREATE UNIQUE INDEX ON "${s}".events (event_id);`;

const openStore = (schema: string): Promise<PostgresStore> =>
  openPostgresStore({ url: benchPostgresUrl, schema, vaultKey: randomBytes(32) });

const appendWithStore = async (store: PostgresStore, data: readonly DeviceStreamData[]): Promise<void> => {
  for (let from = 0; from < data.length; from += streamsPerBatch) {
    await store.events.appendToStreams(
      data
        .slice(from, from + streamsPerBatch)
        .map((d) => ({ streamName: d.stream, events: d.stored, expectedRevision: 'no_stream' as const })),
    );
  }
};

/** A text field as COPY's text format reads it: backslash, newline, carriage return and tab escaped. */
const copyText = (text: string): string =>
  /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!) : text;
/** JSON text as a COPY field: JSON.stringify escapes every control character, so only backslashes are left to double. */
const copyJson = (value: unknown): string => {
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
};

/**
 * The limit: one COPY per 1000 events straight into the table (the fastest way found to insert
 * these rows: the server parses each JSON value once and fills pages many rows at a time), rows in
 * COPY's text format made here in chunks of ~64 KB and written as they are made, positions and
 * revisions computed here; no transaction around it, no lock, no checks. (A multi-row INSERT of
 * unnest'ed arrays, the earlier limit, costs ~25% more CPU per event, client and server.)
 */
const appendBare = async (client: pg.Client, schema: string, data: readonly DeviceStreamData[]): Promise<void> => {
  let position = 0;
  for (let from = 0; from < data.length; from += streamsPerBatch) {
    const copy = client.query(
      copyFrom(`COPY "${schema}".events (position, stream_name, revision, event_id, type, data, metadata) FROM STDIN`),
    );
    const copied = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    let rows = '';
    let first = true;
    for (const d of data.slice(from, from + streamsPerBatch)) {
      const stream = copyText(d.stream);
      d.stored.forEach((e, revision) => {
        position += 1;
        rows += `${position}\t${stream}\t${revision}\t${copyText(e.metadata.eventId)}\t${copyText(e.type)}\t${copyJson(e.data)}\t${copyJson(e.metadata)}\n`;
      });
      if (rows.length >= 64 * 1024) {
        const chunk = Buffer.from(rows);
        rows = '';
        // the first chunk waits for the server to ask for rows; the next ones go out as they are made
        if (first) await Promise.race([new Promise((resolve) => copy.write(chunk, resolve)), copied]);
        else copy.write(chunk);
        first = false;
      }
    }
    copy.end(rows.length > 0 ? Buffer.from(rows) : undefined);
    await copied;
  }
};

/** The limit of a read: keyset pages of 1000 rows in position order, JSON parsed by the driver. */
const readBare = async (client: pg.Client, schema: string, expected: number): Promise<void> => {
  let after = 0;
  let read = 0;
  for (;;) {
    const page = await client.query<unknown[]>({
      text: `SELECT position, stream_name, revision, type, data, metadata FROM "${schema}".events WHERE position > $1 ORDER BY position LIMIT ${pageSize}`,
      values: [after],
      rowMode: 'array',
    });
    for (const row of page.rows) if (row[4] !== undefined) read++;
    if (page.rows.length < pageSize) break;
    after = Number(page.rows[page.rows.length - 1]![0]);
  }
  if (read !== expected) throw new Error(`bare read ${read} of ${expected}`);
};

const readStore = async (store: PostgresStore, expected: number): Promise<void> => {
  let read = 0;
  for await (const event of store.events.readAll()) if (depledgerSerde.decode(event).data !== undefined) read++;
  if (read !== expected) throw new Error(`store read ${read} of ${expected}`);
};

/** How long the peer may take to append (its one call per stream makes it slow): it appends what it can in that time. */
const peerAppendBudgetMs = 30_000;
const streamsRead = 1000;

/**
 * Emmett's PostgreSQL store in a database of its own: the same device streams appended one call per
 * stream for at most `peerAppendBudgetMs` (the rate is over what it appended), then `streamsRead`
 * of them read back with `readStream`.
 */
const measureEmmett = async (admin: pg.Client, data: readonly DeviceStreamData[], plan: RunPlan) => {
  const database = `dlbench_emmett_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(benchPostgresUrl);
  url.pathname = `/${database}`;
  const store = await emmettPostgresStore(url.toString());
  try {
    let appended = 0;
    let streams = 0;
    const start = performance.now();
    for (const d of data) {
      await emmettPostgresAppend(store, d.stream, d.domain);
      appended += d.domain.length;
      streams += 1;
      if (performance.now() - start > peerAppendBudgetMs) break;
    }
    const append = sampleOf([appended / ((performance.now() - start) / 1000)]);
    const chosen = data.slice(0, Math.min(streams, streamsRead)).map((d) => d.stream);
    const read = await throughput(
      chosen.length * 10,
      async () => {
        let total = 0;
        for (const stream of chosen) total += await emmettPostgresReadStream(store, stream);
        if (total !== chosen.length * 10) throw new Error(`Emmett read ${total} events`);
      },
      plan,
    );
    return { append, appended, read, chosen };
  } finally {
    await store.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  }
};

/**
 * PostgreSQL at `events` events, on the server at DEPLEDGER_PG_URL: batched append (1000 events per
 * call over 100 device streams, appendToStreams), read-and-decode of the whole log in global order,
 * and device status rebuilt into the read models of the same schema — each beside bare `pg` on the
 * same rows and schema. Every schema is made for the run and dropped after it.
 */
export const postgresWorkloads = async (events: number, plan: RunPlan): Promise<Row[]> => {
  const client = new pg.Client({ connectionString: benchPostgresUrl });
  try {
    await client.connect();
  } catch (error) {
    // No server here: no PostgreSQL rows, said on stderr rather than failing the whole bench.
    process.stderr.write(
      `PostgreSQL workloads not run: no server answered at DEPLEDGER_PG_URL (${error instanceof Error ? error.message : String(error)})\n`,
    );
    return [];
  }
  const schemas: string[] = [];
  const stores: PostgresStore[] = [];
  try {
    const data = deviceStreams(events);
    const total = data.length * data[0]!.stored.length;
    const ours: number[] = [];
    const bare: number[] = [];
    let store: PostgresStore | undefined;
    let bareName = '';
    // a warm-up of each, then the two contenders alternating, a fresh schema per run
    for (let r = -1; r < plan.runs; r++) {
      const name = schemaName('store');
      schemas.push(name);
      store = await openStore(name);
      stores.push(store);
      let t = performance.now();
      await appendWithStore(store, data);
      if (r >= 0) ours.push(total / ((performance.now() - t) / 1000));
      bareName = schemaName('bare');
      schemas.push(bareName);
      await client.query(bareSchema(bareName));
      t = performance.now();
      await appendBare(client, bareName, data);
      if (r >= 0) bare.push(total / ((performance.now() - t) / 1000));
    }
    const s = store!;
    await client.query(`VACUUM ANALYZE "${s.database.schema}".events`);
    await client.query(`VACUUM ANALYZE "${bareName}".events`);
    const readOurs = await throughput(total, () => readStore(s, total), plan);
    const readBareSample = await throughput(total, () => readBare(client, bareName, total), plan);
    const peer = await measureEmmett(client, data, plan);
    const readStreamsOurs = await throughput(
      peer.chosen.length * 10,
      async () => {
        let read = 0;
        for (const stream of peer.chosen)
          for await (const event of s.events.readStream(stream)) if (depledgerSerde.decode(event).data !== undefined) read++;
        if (read !== peer.chosen.length * 10) throw new Error(`store read ${read} stream events`);
      },
      plan,
    );
    const rebuild = await throughput(
      total,
      () =>
        createProjectionRunner({ eventStore: s.events, readModels: s.readModels, projections: [deviceStatusProjection] }).rebuild(
          deviceStatusProjection.name,
        ),
      plan,
    );
    const size = events.toLocaleString('en');
    const appendSample = sampleOf(ours);
    const appendBareSample = sampleOf(bare);
    const emmettNote = `Emmett has no multi-stream append: one appendToStream per device stream (10 events), for at most ${peerAppendBudgetMs / 1000} s (${peer.appended.toLocaleString('en')} events, one run), into a database of its own`;
    return [
      {
        id: `postgres-append-${events}`,
        workload: `PostgreSQL append of ${size} events, 1000 per call (100 device streams × 10, appendToStreams), fresh schema`,
        kind: 'rate',
        unit: 'events/s',
        depledger: appendSample,
        limit: {
          label: 'bare pg COPY of the rows in chunks (text format), same table and indexes, no transaction, lock or checks',
          sample: appendBareSample,
        },
        peer: { label: "Emmett's PostgreSQL store, one call per stream", sample: peer.append },
        goal: '≥ 50k events/s and ≥ 60% of bare pg; ahead of Emmett',
        met:
          appendSample.median >= 50_000 && appendSample.median >= 0.6 * appendBareSample.median && appendSample.median > peer.append.median,
        note: emmettNote,
      },
      {
        id: `postgres-read-${events}`,
        workload: `PostgreSQL read-and-decode of ${size} events in global order (readAll + EventSerde.decode)`,
        kind: 'rate',
        unit: 'events/s',
        depledger: readOurs,
        limit: { label: 'bare pg keyset pages of 1000, JSON parsed by the driver', sample: readBareSample },
        goal: '≥ 150k events/s',
        met: readOurs.median >= 150_000,
      },
      {
        id: `postgres-read-streams-${events}`,
        workload: `PostgreSQL read ${peer.chosen.length.toLocaleString('en')} device streams of 10 events one by one (readStream + decode)`,
        kind: 'rate',
        unit: 'events/s',
        depledger: readStreamsOurs,
        peer: { label: "Emmett's PostgreSQL store readStream", sample: peer.read },
        goal: 'ahead of Emmett',
        met: readStreamsOurs.median > peer.read.median,
      },
      {
        id: `postgres-rebuild-${events}`,
        workload: `rebuild device status from a PostgreSQL schema of ${size} events into the read models of the same schema`,
        kind: 'rate',
        unit: 'events/s',
        depledger: rebuild,
        limit: { label: 'bare pg keyset pages of 1000, JSON parsed by the driver (reading only)', sample: readBareSample },
      },
    ];
  } finally {
    for (const store of stores) await store.close();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
};
