import { createHash } from 'node:crypto';
import pg from 'pg';
import { PostgresStoreError, postgresStoreErrorCodes } from '../errors';
import { migrate } from '../schema/migrate';
import { defaultSchemaName, quotedSchema } from '../schema/schema-name';
import { parsePostgresUrl, type PostgresUrl } from './connection-url';
import { defaultRetryPolicy, retrying, type RetryPolicy } from './retrying';

export type PostgresDatabaseOptions = Readonly<{
  /** `postgres://user[:password]@host:port/database`. The password is never printed. */
  url: string;
  /**
   * The PostgreSQL schema that holds depledger's tables, created on first use. Several depledger
   * deployments can share one database under different schemas.
   * @defaultValue the URL's `?schema=` parameter, else `depledger`
   */
  schema?: string;
  /**
   * Connections in the pool (one more is opened for LISTEN while a subscription waits).
   * @defaultValue 4
   */
  maxConnections?: number;
  /**
   * Whether a schema that does not exist yet may be created. With `false`, opening a missing schema
   * throws POSTGRES_SCHEMA_MISSING (a command that needs existing data).
   * @defaultValue true
   */
  create?: boolean;
  /** How transient failures (connection refused or lost, serialization failures) are retried. */
  retry?: Partial<RetryPolicy>;
  /**
   * How long to wait for a connection, in ms.
   * @defaultValue 10000
   */
  connectTimeoutMs?: number;
}>;

/** One depledger schema in one PostgreSQL database: a pool, the schema migrated, queries retried. */
export type PostgresDatabase = Readonly<{
  url: PostgresUrl;
  schema: string;
  /** The schema name quoted for SQL. */
  quoted: string;
  /** Whether this opening created the schema. */
  created: boolean;
  /** The NOTIFY channel appends to this schema announce themselves on. */
  channel: string;
  pool: pg.Pool;
  retry: RetryPolicy;
  /** Runs one statement (its own transaction), retrying transient failures; rows as arrays. */
  query<Row extends unknown[] = unknown[]>(
    what: string,
    config: Readonly<{ name?: string; text: string; values?: unknown[] }>,
  ): Promise<Row[]>;
  /** Runs `body` in a transaction on one connection, retrying the whole transaction on transient failures. */
  transaction<T>(what: string, body: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /**
   * Runs `body` on one connection, retrying it whole on transient failures, for a transaction that
   * sends its own BEGIN and COMMIT within other statements' messages (fewer round trips): when
   * `body` throws, whatever it left open is rolled back.
   */
  ownTransaction<T>(what: string, body: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}>;

// bigint columns (positions) come back as numbers: positions stay below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const ignoreLostConnection = (): void => undefined;

/** Opens a pool on the URL's database, checks that it answers, and creates or migrates the schema. */
export const openPostgresDatabase = async (options: PostgresDatabaseOptions): Promise<PostgresDatabase> => {
  const url = parsePostgresUrl(options.url);
  const schema = options.schema ?? url.schema ?? defaultSchemaName;
  const quoted = quotedSchema(schema);
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const pool = new pg.Pool({
    connectionString: url.connectionString,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types,
    application_name: 'depledger',
  });
  // An idle connection the server closed (a restart, pg_terminate_backend) is dropped from the pool;
  // the next query opens another. Without a listener the error would end the process.
  pool.on('error', () => undefined);
  let closed = false;
  const ensureOpen = (): void => {
    if (closed)
      throw new PostgresStoreError(postgresStoreErrorCodes.closed, `The PostgreSQL store on ${url.display} is closed. Open it again.`, {
        url: url.display,
      });
  };

  let created = false;
  const database: PostgresDatabase = {
    url,
    get created() {
      return created;
    },
    schema,
    quoted,
    channel: `depledger_${createHash('sha256').update(`${url.database}/${schema}`).digest('hex').slice(0, 32)}`,
    pool,
    retry,
    query: <Row extends unknown[]>(what: string, config: Readonly<{ name?: string; text: string; values?: unknown[] }>) =>
      retrying(url, retry, what, async () => {
        ensureOpen();
        const result = await pool.query<Row>({ ...config, values: config.values ?? [], rowMode: 'array' });
        return result.rows;
      }),
    ownTransaction: (what, body) =>
      retrying(url, retry, what, async () => {
        ensureOpen();
        const client = await pool.connect();
        // A connection lost while checked out fails the statement in flight, which is retried; the
        // client's own 'error' event must not go unheard (it would end the process).
        client.on('error', ignoreLostConnection);
        let broken = false;
        try {
          return await body(client);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw error;
        } finally {
          client.off('error', ignoreLostConnection);
          client.release(broken);
        }
      }),
    transaction: (what, body) =>
      database.ownTransaction(what, async (client) => {
        await client.query('BEGIN');
        const result = await body(client);
        await client.query('COMMIT');
        return result;
      }),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };

  try {
    const migrated = await retrying(url, retry, `opening schema ${schema}`, () =>
      migrate(pool, { schema, quoted, where: url.display, create: options.create ?? true }),
    );
    created = migrated.created;
  } catch (error) {
    closed = true;
    await pool.end().catch(() => undefined);
    throw error;
  }
  return database;
};
