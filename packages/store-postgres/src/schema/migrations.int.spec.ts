import type pg from 'pg';
import { openPostgresDatabase } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, onTestServer, testServerUrl } from '../testing/test-server';
import { latestSchemaVersion, schemaSteps } from './schema-steps';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** Everything a schema holds that its steps make: tables' columns, indexes, constraints, functions and the append lock's row. */
const describeSchema = async (client: pg.Client, schema: string): Promise<unknown> => {
  const anonymous = (text: string) => text.split(`"${schema}"`).join('"S"').split(schema).join('S');
  const columns = await client.query(
    `SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default, collation_name
     FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [schema],
  );
  const indexes = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`, [schema]);
  const constraints = await client.query(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 ORDER BY 1, 2`,
    [schema],
  );
  const functions = await client.query(
    `SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments, pg_get_function_result(p.oid) AS result, p.prosrc
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY 1, 2`,
    [schema],
  );
  const lock = await client.query(`SELECT * FROM "${schema}".append_lock`);
  return JSON.parse(
    anonymous(
      JSON.stringify({
        columns: columns.rows,
        indexes: indexes.rows,
        constraints: constraints.rows,
        functions: functions.rows,
        lock: lock.rows,
      }),
    ),
  );
};

describeWithPostgres('PostgreSQL schema migrations', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(...schemas));

  const open = async (schema: string) => {
    const database = await openPostgresDatabase({ url: testServerUrl, schema, maxConnections: 1 });
    await database.close();
  };

  it('brings a schema of every earlier version to exactly what a fresh schema of the latest version holds', async () => {
    const fresh = freshSchemaName('dlfresh');
    schemas.push(fresh);
    await open(fresh);
    const expected = await onTestServer((client) => describeSchema(client, fresh));
    expect(JSON.stringify(expected)).toContain('append_events_v2');

    for (let from = 1; from < latestSchemaVersion; from += 1) {
      const migrated = freshSchemaName(`dlfrom${from}`);
      schemas.push(migrated);
      // the schema as version `from` left it
      await onTestServer(async (client) => {
        await client.query(`CREATE SCHEMA "${migrated}"; CREATE TABLE "${migrated}".schema_version (version integer NOT NULL)`);
        for (const step of schemaSteps.filter((s) => s.version <= from)) await client.query(step.sql(`"${migrated}"`));
        await client.query(`INSERT INTO "${migrated}".schema_version VALUES (${from})`);
      });
      await open(migrated);
      const found = await onTestServer((client) => describeSchema(client, migrated));
      expect({ from, schema: found }).toEqual({ from, schema: expected });
      const version = await onTestServer((client) => client.query(`SELECT version FROM "${migrated}".schema_version`));
      expect(version.rows).toEqual([{ version: latestSchemaVersion }]);
    }
  });
});
