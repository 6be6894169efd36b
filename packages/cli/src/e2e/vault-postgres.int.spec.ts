import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createAppleSimulator } from '@depledger/apple-simulator';
import {
  describeWithPostgres,
  dropSchemas,
  freshSchemaName,
  onTestServer,
  testServerUrl,
} from '../../../store-postgres/src/testing/test-server';
import { buildCli, cliIn, json, removeDir, tempDir } from '../test-support/cli-process';
import { uploadSimulatedToken } from '../test-support/simulated-token';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** `depledger vault rotate-key` on a PostgreSQL store, through the binary, with a second node beside it. */
describeWithPostgres('depledger vault rotate-key on PostgreSQL', () => {
  const sim = createAppleSimulator({ seed: 29 });
  const schemas: string[] = [];
  const dirs: string[] = [];
  let appleUrl = '';

  const storeUrlFor = (schema: string): string => {
    const url = new URL(testServerUrl);
    url.searchParams.set('schema', schema);
    return url.toString();
  };
  const node = (env: Record<string, string>) => {
    const dir = tempDir('pg-vault');
    dirs.push(dir);
    return { dir, cli: cliIn(dir, env) };
  };
  const fresh = () => {
    const schema = freshSchemaName('dlclirot');
    schemas.push(schema);
    return { schema, storeUrl: storeUrlFor(schema) };
  };
  const refuseRotation = (schema: string) =>
    onTestServer((client) =>
      client.query(`
        CREATE FUNCTION "${schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$;
        CREATE TRIGGER refuse BEFORE UPDATE ON "${schema}".vault_settings FOR EACH ROW EXECUTE FUNCTION "${schema}".refuse();`),
    );

  beforeAll(async () => {
    buildCli();
    ({ url: appleUrl } = await sim.start());
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
    for (const dir of dirs) removeDir(dir);
    await dropSchemas(...schemas);
  });

  it('replaces the key file; the secrets still reach Apple, and a node with the old key file is refused', async () => {
    const { storeUrl } = fresh();
    const a = node({ DEPLEDGER_STORE: storeUrl });
    await uploadSimulatedToken(a.cli, sim, appleUrl, 'paris', 2);
    const keyFile = join(a.dir, 'depledger-vault.key');
    const oldKey = readFileSync(keyFile, 'utf8');
    const b = node({ DEPLEDGER_STORE: storeUrl });
    copyFileSync(keyFile, join(b.dir, 'depledger-vault.key'));
    expect((await b.cli('token', 'verify', '--token', 'paris', '--apple-url', appleUrl)).code).toBe(0);

    const rotated = await a.cli('vault', 'rotate-key', '--json');
    expect(rotated.code).toBe(0);
    expect(json(rotated)).toEqual({ rotated: true, source: 'key-file', keyFile });
    expect(readFileSync(keyFile, 'utf8')).not.toBe(oldKey);
    expect(existsSync(`${keyFile}.next`)).toBe(false);
    expect(`${rotated.stdout}${rotated.stderr}`).not.toContain(oldKey.trim());

    // The OAuth secrets are read again under the new key: Apple is asked with them.
    expect((await a.cli('token', 'verify', '--token', 'paris', '--apple-url', appleUrl)).code).toBe(0);
    expect((await b.cli('tokens')).stderr).toMatch(/^error VAULT_KEY_MISMATCH: /);
    copyFileSync(keyFile, join(b.dir, 'depledger-vault.key'));
    expect((await b.cli('token', 'verify', '--token', 'paris', '--apple-url', appleUrl)).code).toBe(0);
  });

  it('changes nothing when the rotation fails in the database: the old key file stays and still opens the vault', async () => {
    const { schema, storeUrl } = fresh();
    const a = node({ DEPLEDGER_STORE: storeUrl });
    await uploadSimulatedToken(a.cli, sim, appleUrl, 'lyon', 2);
    const keyFile = join(a.dir, 'depledger-vault.key');
    const oldKey = readFileSync(keyFile, 'utf8');
    await refuseRotation(schema);

    const failed = await a.cli('vault', 'rotate-key');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('forced failure');
    expect(readFileSync(keyFile, 'utf8')).toBe(oldKey);
    expect(existsSync(`${keyFile}.next`)).toBe(false);
    expect((await a.cli('token', 'verify', '--token', 'lyon', '--apple-url', appleUrl)).code).toBe(0);
  });

  it('with DEPLEDGER_VAULT_KEY, takes the new key from DEPLEDGER_NEW_VAULT_KEY, and says so when it is missing', async () => {
    const { storeUrl } = fresh();
    const oldKey = randomBytes(32).toString('base64');
    const a = node({ DEPLEDGER_STORE: storeUrl, DEPLEDGER_VAULT_KEY: oldKey });
    await uploadSimulatedToken(a.cli, sim, appleUrl, 'nice', 2);
    expect(await a.cli('vault', 'rotate-key')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error INVALID_INPUT: .*DEPLEDGER_NEW_VAULT_KEY/),
    });

    const newKey = randomBytes(32).toString('base64');
    const rotated = await cliIn(a.dir, { DEPLEDGER_STORE: storeUrl, DEPLEDGER_VAULT_KEY: oldKey, DEPLEDGER_NEW_VAULT_KEY: newKey })(
      'vault',
      'rotate-key',
    );
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('Put the key from DEPLEDGER_NEW_VAULT_KEY in DEPLEDGER_VAULT_KEY now');
    expect((await a.cli('tokens')).stderr).toMatch(/^error VAULT_KEY_MISMATCH: /);
    const withNew = cliIn(a.dir, { DEPLEDGER_STORE: storeUrl, DEPLEDGER_VAULT_KEY: newKey });
    expect((await withNew('token', 'verify', '--token', 'nice', '--apple-url', appleUrl)).code).toBe(0);
  });
});
