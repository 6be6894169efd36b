import { readModelErrors, type KeyedDocument, type ReadModelAddress, type ReadModelStore } from '@depledger/projections';
import type { PoolClient } from 'pg';
import type { PostgresDatabase } from '../connection/postgres-database';
import { encodeChanges } from './encode-changes';

const { checkpointConflict, liveVersion, unknownVersion } = readModelErrors;

export type PostgresReadModelStoreOptions = Readonly<{
  /**
   * Documents fetched per keyset page by `list`.
   * @defaultValue 500
   */
  pageSize?: number;
}>;

type VersionState = { checkpoint: number; live: boolean };

/**
 * The projections' ReadModelStore in PostgreSQL, in the same schema as the events: versions and
 * their checkpoints in `read_model_versions`, documents as JSON in `read_model_documents`, keys in
 * byte order (COLLATE "C", as SQLite's). Every write is one transaction that first locks the
 * version's row, so two nodes never both move a checkpoint from the same position; a batch's
 * documents and its checkpoint commit together.
 */
export const createPostgresReadModelStore = (database: PostgresDatabase, options: PostgresReadModelStoreOptions = {}): ReadModelStore => {
  const s = database.quoted;
  const pageSize = options.pageSize ?? 500;

  const lockVersion = async (client: PoolClient, address: ReadModelAddress): Promise<VersionState | undefined> => {
    const result = await client.query<VersionState>(
      `SELECT checkpoint, live FROM ${s}.read_model_versions WHERE name = $1 AND version = $2 FOR UPDATE`,
      [address.name, address.version],
    );
    return result.rows[0];
  };

  const versionState = async (address: ReadModelAddress): Promise<VersionState | undefined> => {
    const rows = await database.query<[number, boolean]>(`reading ${address.name} version ${address.version}`, {
      name: `depledger-rm-state-${database.schema}`,
      text: `SELECT checkpoint, live FROM ${s}.read_model_versions WHERE name = $1 AND version = $2`,
      values: [address.name, address.version],
    });
    const row = rows[0];
    return row === undefined ? undefined : { checkpoint: row[0], live: row[1] };
  };

  async function* list(address: ReadModelAddress, prefix: string, from: string | undefined, batch: number): AsyncGenerator<KeyedDocument> {
    if ((await versionState(address)) === undefined) throw unknownVersion(address);
    let after: string | null = from ?? null;
    for (;;) {
      const page: [string, unknown][] = await database.query<[string, unknown]>(`listing ${address.name} version ${address.version}`, {
        name: `depledger-rm-list-${database.schema}`,
        text: `SELECT key, doc FROM ${s}.read_model_documents
               WHERE name = $1 AND version = $2 AND ($3::text IS NULL OR key > $3) AND key ^@ $4
               ORDER BY key LIMIT $5`,
        values: [address.name, address.version, after, prefix, batch],
      });
      for (const [key, doc] of page) yield { key, doc };
      if (page.length < batch) return;
      after = page[page.length - 1]![0];
    }
  }

  return {
    async live(name) {
      const rows = await database.query<[number, number]>(`reading the live version of ${name}`, {
        name: `depledger-rm-live-${database.schema}`,
        text: `SELECT version, projection_version FROM ${s}.read_model_versions WHERE name = $1 AND live`,
        values: [name],
      });
      const row = rows[0];
      return row === undefined ? null : { name, version: row[0], projectionVersion: row[1] };
    },

    createVersion: (name, projectionVersion) =>
      database.transaction(`creating a version of ${name}`, async (client) => {
        const next = await client.query<{ last_version: number }>(
          `INSERT INTO ${s}.read_model_names (name, last_version) VALUES ($1, 1)
           ON CONFLICT (name) DO UPDATE SET last_version = ${s}.read_model_names.last_version + 1 RETURNING last_version`,
          [name],
        );
        const version = next.rows[0]!.last_version;
        await client.query(`INSERT INTO ${s}.read_model_versions (name, version, projection_version) VALUES ($1, $2, $3)`, [
          name,
          version,
          projectionVersion,
        ]);
        return { name, version, projectionVersion };
      }),

    async checkpoint(address) {
      const state = await versionState(address);
      if (state === undefined) throw unknownVersion(address);
      return state.checkpoint;
    },

    async getMany(address, keys) {
      const found = new Map<string, unknown>();
      const rows = await database.query<[string, unknown] | [null, null]>(`reading ${address.name} version ${address.version}`, {
        name: `depledger-rm-get-${database.schema}`,
        // The version's row comes first (key NULL) when it exists: the check and the documents are one snapshot.
        // The keys are joined rather than matched with `key = ANY ($3)`, which PostgreSQL 15 planned as
        // a scan of all the version's documents, each compared with every key (a sync page of 1000
        // devices on a 100k-device fleet: 10^8 comparisons); the join probes the primary key per key.
        text: `SELECT NULL::text, NULL::json FROM ${s}.read_model_versions WHERE name = $1 AND version = $2
               UNION ALL
               SELECT d.key, d.doc FROM unnest($3::text[]) AS k(key)
               JOIN ${s}.read_model_documents d ON d.name = $1 AND d.version = $2 AND d.key = k.key COLLATE "C"`,
        values: [address.name, address.version, keys.filter((key) => !key.includes('\u0000'))],
      });
      if (rows.length === 0 || rows[0]![0] !== null) throw unknownVersion(address);
      for (let i = 1; i < rows.length; i++) found.set(rows[i]![0] as string, rows[i]![1]);
      return found;
    },

    list: (address, listOptions = {}) =>
      list(
        address,
        listOptions.prefix ?? '',
        listOptions.after,
        listOptions.batchSize === undefined ? pageSize : Math.max(1, Math.min(pageSize, Math.floor(listOptions.batchSize))),
      ),

    async commit(address, batch) {
      const changes = encodeChanges(address, batch.changes);
      await database.transaction(`committing to ${address.name} version ${address.version}`, async (client) => {
        const state = await lockVersion(client, address);
        if (state === undefined) throw unknownVersion(address);
        if (state.checkpoint !== batch.expectedCheckpoint || batch.checkpoint < batch.expectedCheckpoint) {
          throw checkpointConflict(address, batch.expectedCheckpoint, state.checkpoint, batch.checkpoint);
        }
        if (changes.deleteKeys.length > 0) {
          await client.query(`DELETE FROM ${s}.read_model_documents WHERE name = $1 AND version = $2 AND key = ANY ($3::text[])`, [
            address.name,
            address.version,
            changes.deleteKeys,
          ]);
        }
        if (changes.upsertKeys.length > 0) {
          await client.query(
            `INSERT INTO ${s}.read_model_documents (name, version, key, doc)
             SELECT $1, $2, u.key, u.doc FROM ROWS FROM (unnest($3::text[]), json_array_elements($4::json)) AS u(key, doc)
             ON CONFLICT (name, version, key) DO UPDATE SET doc = excluded.doc`,
            // the documents as one JSON array: a text[] of JSON costs the driver an escape of every quote
            [address.name, address.version, changes.upsertKeys, `[${changes.upsertDocs.join(',')}]`],
          );
        }
        if (batch.checkpoint !== state.checkpoint) {
          await client.query(`UPDATE ${s}.read_model_versions SET checkpoint = $3 WHERE name = $1 AND version = $2`, [
            address.name,
            address.version,
            batch.checkpoint,
          ]);
        }
      });
    },

    switchTo: (address) =>
      database.transaction(`switching ${address.name} to version ${address.version}`, async (client) => {
        // One switch of a name at a time (nodes switching to versions of their own at once would both
        // find none live, and the second would break the one-live-version index): the name's row first.
        await client.query(`SELECT 1 FROM ${s}.read_model_names WHERE name = $1 FOR UPDATE`, [address.name]);
        if ((await lockVersion(client, address)) === undefined) throw unknownVersion(address);
        const values = [address.name, address.version];
        await client.query(`UPDATE ${s}.read_model_versions SET live = false WHERE name = $1 AND live AND version <> $2`, values);
        await client.query(`UPDATE ${s}.read_model_versions SET live = true WHERE name = $1 AND version = $2`, values);
        await client.query(`DELETE FROM ${s}.read_model_documents WHERE name = $1 AND version < $2`, values);
        await client.query(`DELETE FROM ${s}.read_model_versions WHERE name = $1 AND version < $2`, values);
      }),

    discard: (address) =>
      database.transaction(`discarding ${address.name} version ${address.version}`, async (client) => {
        const state = await lockVersion(client, address);
        if (state === undefined) return;
        if (state.live) throw liveVersion(address);
        const values = [address.name, address.version];
        await client.query(`DELETE FROM ${s}.read_model_documents WHERE name = $1 AND version = $2`, values);
        await client.query(`DELETE FROM ${s}.read_model_versions WHERE name = $1 AND version = $2`, values);
      }),
  };
};
