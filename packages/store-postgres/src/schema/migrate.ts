import type { Pool, PoolClient } from 'pg';
import { PostgresStoreError, postgresStoreErrorCodes } from '../errors';
import { latestSchemaVersion, schemaSteps } from './schema-steps';

const tooNew = (schema: string, where: string, found: number): PostgresStoreError =>
  new PostgresStoreError(
    postgresStoreErrorCodes.schemaTooNew,
    `The schema ${schema} in ${where} has depledger schema version ${found}, newer than this @depledger/store-postgres understands (${latestSchemaVersion}). Upgrade @depledger/store-postgres on this node; nothing was changed.`,
    { schema, database: where, found, supported: latestSchemaVersion },
  );

const readVersion = async (client: PoolClient, quoted: string): Promise<number | null> => {
  const table = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [`${quoted}.schema_version`]);
  if (table.rows[0]?.exists !== true) return null;
  const row = await client.query<{ version: number }>(`SELECT version FROM ${quoted}.schema_version`);
  return row.rows[0]?.version ?? 0;
};

/**
 * Creates or brings the schema to the latest version, in one transaction under an advisory lock
 * named after the schema: nodes starting at once migrate it once, the others wait and find it done.
 * A schema from a newer depledger is refused before anything is written.
 */
export const migrate = async (
  pool: Pool,
  { schema, quoted, where, create }: Readonly<{ schema: string; quoted: string; where: string; create: boolean }>,
): Promise<{ version: number; created: boolean }> => {
  const client = await pool.connect();
  // A connection lost here fails the statement in flight (the caller retries the whole migration);
  // the client's own 'error' event must not go unheard: it would end the process.
  const lost = (): void => undefined;
  client.on('error', lost);
  let broken = false;
  try {
    // The usual case, with no lock: the schema is already at the latest version.
    const seen = await readVersion(client, quoted);
    if (seen !== null && seen > latestSchemaVersion) throw tooNew(schema, where, seen);
    if (seen === latestSchemaVersion) return { version: seen, created: false };
    if (seen === null && !create) {
      throw new PostgresStoreError(
        postgresStoreErrorCodes.schemaMissing,
        `There is no depledger schema ${schema} in ${where}. Start one with \`depledger key generate\` (or open it with create allowed), or name the existing schema with ?schema= in the URL.`,
        { schema, database: where },
      );
    }
    await client.query('BEGIN');
    try {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('depledger schema'), hashtext($1))`, [schema]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.schema_version (version integer NOT NULL)`);
      const found = await readVersion(client, quoted);
      const current = found ?? 0;
      if (current > latestSchemaVersion) throw tooNew(schema, where, current);
      for (const step of schemaSteps) {
        if (step.version <= current) continue;
        await client.query(step.sql(quoted));
      }
      if (current < latestSchemaVersion) {
        await client.query(`DELETE FROM ${quoted}.schema_version`);
        await client.query(`INSERT INTO ${quoted}.schema_version (version) VALUES ($1)`, [latestSchemaVersion]);
      }
      await client.query('COMMIT');
      return { version: latestSchemaVersion, created: found === null || found === 0 };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    }
  } finally {
    client.off('error', lost);
    // a connection that could not even roll back is not handed to the next query
    client.release(broken);
  }
};
