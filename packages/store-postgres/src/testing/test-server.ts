import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server the tests run against: `DEPLEDGER_PG_URL`, else the project machines'
 * server (trust authentication on 127.0.0.1:5432, database `postgres`, which every cluster has).
 */
export const testServerUrl = process.env.DEPLEDGER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Set (to 1) by CI: a PostgreSQL suite that cannot reach the server fails instead of being skipped. */
export const requiredVariable = 'DEPLEDGER_PG_REQUIRED';

const installHint =
  'Install and start PostgreSQL (Debian/Ubuntu: sudo apt-get install postgresql && sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), or point DEPLEDGER_PG_URL at a server';

let answered: boolean | undefined;

/**
 * Whether the server answers a query, asked once per test file (jest decides which tests exist
 * synchronously, so the question goes to a short-lived child process).
 */
export const testServerAnswers = (): boolean => {
  if (answered !== undefined) return answered;
  const probe = `const { Client } = require('pg'); const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 5000 });
    c.connect().then(() => c.query('SELECT 1')).then(() => c.end()).then(() => process.exit(0), () => process.exit(1));`;
  const result = spawnSync(process.execPath, ['-e', probe, testServerUrl], { cwd: __dirname, timeout: 20_000, stdio: 'ignore' });
  answered = result.status === 0;
  return answered;
};

/**
 * `describe` for a suite that needs PostgreSQL: run when the server answers; otherwise reported as
 * skipped with the way to install one, or failed when DEPLEDGER_PG_REQUIRED is set (CI).
 */
export const describeWithPostgres = (name: string, body: () => void): void => {
  if (testServerAnswers()) {
    describe(name, body);
    return;
  }
  const message = `No PostgreSQL answered at ${testServerUrl.replace(/:[^:@/]*@/, ':***@')}: the suite "${name}" did not run. ${installHint}.`;
  if (process.env[requiredVariable] === '1') {
    describe(name, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(message);
  describe.skip(`${name} [NOT RUN: no PostgreSQL server]`, body);
};

/** A fresh schema name nobody else uses: `dltest_<random>`. */
export const freshSchemaName = (label = 'dltest'): string => `${label}_${randomBytes(6).toString('hex')}`;

/** Drops schemas (with everything in them) made by a test. */
export const dropSchemas = async (...schemas: string[]): Promise<void> => {
  const client = new pg.Client({ connectionString: testServerUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
};

/** Runs one statement on the test server with a client of its own (for a test's setup or checks). */
export const onTestServer = async <T>(body: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: testServerUrl });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
};
