import { isDepledgerError, type StoredEventInput } from '@depledger/core';
import { latestSchemaVersion, openPostgresEventStore, postgresStoreErrorCodes } from '../index';
import { schemaSteps } from '../schema/schema-steps';
import { describeWithPostgres, dropSchemas, freshSchemaName, onTestServer, testServerUrl } from '../testing/test-server';

const withUrl = (change: (url: URL) => void): string => {
  const url = new URL(testServerUrl);
  change(url);
  return url.toString();
};

const event = (id: string): StoredEventInput => ({
  type: 'Fault.v1',
  data: { id },
  metadata: {
    eventId: id,
    occurredAt: new Date(0).toISOString(),
    actor: 'system:test',
    correlationId: id,
    causationId: null,
    tokenId: null,
  },
});

const failureOf = async (promise: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> => {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
};

describeWithPostgres('PostgreSQL store: bad input and faults', () => {
  const schemas: string[] = [];
  const schema = (): string => {
    const name = freshSchemaName('dlfaults');
    schemas.push(name);
    return name;
  };
  afterAll(() => dropSchemas(...schemas), 30_000);

  it('refuses a URL that is not PostgreSQL, naming the form it wants and never the password', async () => {
    const error = await failureOf(openPostgresEventStore({ url: 'mysql://root:hunter2@127.0.0.1/db' }));
    expect(error.code).toBe(postgresStoreErrorCodes.urlInvalid);
    expect(error.message).toContain('postgres://user@host:5432/database');
    expect(error.message).not.toContain('hunter2');
    const noDatabase = await failureOf(openPostgresEventStore({ url: 'postgres://me:hunter2@127.0.0.1:5432' }));
    expect(noDatabase.code).toBe(postgresStoreErrorCodes.urlInvalid);
    expect(noDatabase.message).not.toContain('hunter2');
  });

  it('refuses an unknown user with a typed error that names the URL without its password', async () => {
    const url = withUrl((u) => {
      u.username = 'depledger_nobody';
      u.password = 'hunter2';
    });
    const error = await failureOf(openPostgresEventStore({ url, schema: schema() }));
    expect(error.code).toBe(postgresStoreErrorCodes.authenticationFailed);
    expect(error.message).toContain('Check the user and password');
    expect(error.message).not.toContain('hunter2');
    expect(JSON.stringify(error.details)).not.toContain('hunter2');
  });

  it('names a missing database and how to create it', async () => {
    const error = await failureOf(
      openPostgresEventStore({ url: withUrl((u) => (u.pathname = '/depledger_no_such_db')), schema: schema() }),
    );
    expect(error.code).toBe(postgresStoreErrorCodes.databaseMissing);
    expect(error.message).toContain('createdb');
  });

  it('gives a typed error, after retrying, when nothing listens at the port', async () => {
    const url = withUrl((u) => {
      u.port = '1';
      u.password = 'hunter2';
    });
    const error = await failureOf(openPostgresEventStore({ url, retry: { retries: 1, firstDelayMs: 10 } }));
    expect(error.code).toBe(postgresStoreErrorCodes.unavailable);
    expect(error.message).toContain('pg_isready');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a schema made by a newer depledger and changes nothing', async () => {
    const name = schema();
    const first = await openPostgresEventStore({ url: testServerUrl, schema: name });
    await first.close();
    await onTestServer((client) => client.query(`UPDATE "${name}".schema_version SET version = ${latestSchemaVersion + 1}`));
    const error = await failureOf(openPostgresEventStore({ url: testServerUrl, schema: name }));
    expect(error.code).toBe(postgresStoreErrorCodes.schemaTooNew);
    expect(error.message).toContain('Upgrade @depledger/store-postgres');
    const version = await onTestServer((client) => client.query(`SELECT version FROM "${name}".schema_version`));
    expect(version.rows).toEqual([{ version: latestSchemaVersion + 1 }]);
  });

  it('brings a schema of an earlier version up to date on open, its events kept and appends continuing them', async () => {
    const name = schema();
    // the schema as version 3 left it, with an event appended through that version's function
    await onTestServer(async (client) => {
      await client.query(`CREATE SCHEMA "${name}"; CREATE TABLE "${name}".schema_version (version integer NOT NULL)`);
      for (const step of schemaSteps.filter((s) => s.version <= 3)) await client.query(step.sql(`"${name}"`));
      await client.query(`INSERT INTO "${name}".schema_version VALUES (3)`);
      const old = event(`${name}-old`);
      await client.query(`SELECT * FROM "${name}".append_events($1, $2, $3, $4, $5, $6, $7, $8)`, [
        ['dev-1'],
        ['no_stream'],
        [1],
        [old.metadata.eventId],
        [old.type],
        [JSON.stringify(old.data)],
        [JSON.stringify(old.metadata)],
        'unused',
      ]);
    });
    const store = await openPostgresEventStore({ url: testServerUrl, schema: name });
    try {
      const result = await store.appendToStream('dev-1', [event(`${name}-new`)], { expectedRevision: 0 });
      expect(result).toEqual({ nextExpectedRevision: 1, lastPosition: 2, appended: 1 });
      const read = [];
      for await (const stored of store.readStream('dev-1')) read.push([stored.revision, stored.position, stored.metadata.eventId]);
      expect(read).toEqual([
        [0, 1, `${name}-old`],
        [1, 2, `${name}-new`],
      ]);
    } finally {
      await store.close();
    }
    const version = await onTestServer((client) => client.query(`SELECT version FROM "${name}".schema_version`));
    expect(version.rows).toEqual([{ version: latestSchemaVersion }]);
  });

  it('creates a fresh schema once when several nodes open it at the same moment', async () => {
    const name = schema();
    const stores = await Promise.all(
      Array.from({ length: 5 }, () => openPostgresEventStore({ url: testServerUrl, schema: name, maxConnections: 1 })),
    );
    await Promise.all(
      stores.map((store, i) => store.appendToStream(`node-${i}`, [event(`${name}-${i}`)], { expectedRevision: 'no_stream' })),
    );
    expect(await stores[0]!.headPosition()).toBe(5);
    await Promise.all(stores.map((store) => store.close()));
    const version = await onTestServer((client) => client.query(`SELECT version FROM "${name}".schema_version`));
    expect(version.rows).toEqual([{ version: latestSchemaVersion }]);
  });

  it('retries a schema migration whose connection is killed while it waits for another node, and the schema is made once', async () => {
    const name = schema();
    await onTestServer(async (holder) => {
      // Another node migrating the same schema: its lock held, so this one waits inside its transaction.
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext('depledger schema'), hashtext($1))`, [name]);
      const opening = openPostgresEventStore({ url: testServerUrl, schema: name, retry: { retries: 5, firstDelayMs: 20 } });
      let killed = 0;
      while (killed === 0) {
        await holder.query('SELECT pg_stat_clear_snapshot()');
        const found = await holder.query(
          `SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND objid = hashtext($1)::oid AND pid <> pg_backend_pid()`,
          [name],
        );
        killed = found.rowCount ?? 0;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await holder.query('COMMIT');
      const store = await opening;
      try {
        await store.appendToStream('after', [event(`${name}-m0`)], { expectedRevision: 'no_stream' });
        expect(await store.headPosition()).toBe(1);
      } finally {
        await store.close();
      }
    });
    const version = await onTestServer((client) => client.query(`SELECT version FROM "${name}".schema_version`));
    expect(version.rows).toEqual([{ version: latestSchemaVersion }]);
  }, 60_000);

  it('retries an append whose connection is killed mid-append, writing each event once', async () => {
    const name = schema();
    const store = await openPostgresEventStore({ url: testServerUrl, schema: name, retry: { retries: 5, firstDelayMs: 20 } });
    try {
      await onTestServer(async (holder) => {
        // Hold the append lock, so the store's append is in flight on the server when its connection dies.
        await holder.query('BEGIN');
        await holder.query(`SELECT 1 FROM "${name}".append_lock FOR UPDATE`);
        const appending = store.appendToStream('killed', [event(`${name}-k0`), event(`${name}-k1`)], { expectedRevision: 'no_stream' });
        let victims: number[] = [];
        while (victims.length === 0) {
          // Inside a transaction PostgreSQL shows pg_stat_activity as it was at its first reading: ask afresh.
          await holder.query('SELECT pg_stat_clear_snapshot()');
          const found = await holder.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%${name}%append_events%'`,
          );
          victims = found.rows.map((row) => row.pid);
          if (victims.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await holder
          .query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [victims])
          .finally(() => holder.query('COMMIT'));
        const result = await appending;
        expect(result).toEqual({ nextExpectedRevision: 1, lastPosition: 2, appended: 2 });
      });
      const stored = [];
      for await (const e of store.readStream('killed')) stored.push(e.metadata.eventId);
      expect(stored).toEqual([`${name}-k0`, `${name}-k1`]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('gives a typed error, nothing half-written, when the server goes away for longer than the retries', async () => {
    const name = schema();
    const store = await openPostgresEventStore({ url: testServerUrl, schema: name, retry: { retries: 0, firstDelayMs: 10 } });
    try {
      await onTestServer(async (holder) => {
        await holder.query('BEGIN');
        await holder.query(`SELECT 1 FROM "${name}".append_lock FOR UPDATE`);
        const appending = failureOf(
          store.appendToStream('lost', [event(`${name}-l0`), event(`${name}-l1`)], { expectedRevision: 'no_stream' }),
        );
        let killed = 0;
        while (killed === 0) {
          await holder.query('SELECT pg_stat_clear_snapshot()');
          const found = await holder.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%${name}%append_events%'`,
          );
          killed = found.rowCount ?? 0;
          if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const error = await appending.finally(() => holder.query('COMMIT'));
        expect(isDepledgerError(error, postgresStoreErrorCodes.unavailable)).toBe(true);
        expect(error.message).toContain('retried as is');
      });
      expect(await store.streamRevision('lost')).toBe(-1);
      expect(await store.headPosition()).toBe(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});
