import { randomBytes } from 'node:crypto';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { openPostgresEventStore } from '@depledger/store-postgres';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../../../store-postgres/src/testing/test-server';
import { buildCli, cliIn, eventually, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';
import { uploadSimulatedToken } from '../test-support/simulated-token';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

type Device = { serial: string; status: string };

/** Two app nodes (two working directories, one vault key) on one PostgreSQL schema, through the binary. */
describeWithPostgres('the depledger binary on PostgreSQL', () => {
  const sim = createAppleSimulator({ seed: 20 });
  const schema = freshSchemaName('dlcli');
  const vaultKey = randomBytes(32).toString('base64');
  // The URL carries a password (trust authentication ignores it): it must never be printed.
  const url = new URL(testServerUrl);
  url.password = 'hunter2-secret';
  url.searchParams.set('schema', schema);
  const storeUrl = url.toString();
  const dirs = [tempDir('pg-node-a'), tempDir('pg-node-b')];
  let nodeA: Cli;
  let nodeB: Cli;
  let appleUrl = '';

  beforeAll(async () => {
    buildCli();
    ({ url: appleUrl } = await sim.start());
    nodeA = cliIn(dirs[0] as string, { DEPLEDGER_STORE: storeUrl, DEPLEDGER_VAULT_KEY: vaultKey });
    nodeB = cliIn(dirs[1] as string, { DEPLEDGER_VAULT_KEY: vaultKey });
  }, 60_000);

  afterAll(async () => {
    await sim.stop();
    for (const dir of dirs) removeDir(dir);
    await dropSchemas(schema);
  });

  it('refuses a command on a schema that does not exist yet, naming what to do, without the password', async () => {
    const result = await nodeA('devices');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^error POSTGRES_SCHEMA_MISSING: .*key generate/);
    expect(result.stderr).not.toContain('hunter2-secret');
  });

  it('syncs on one node and answers on the other, never printing the password', async () => {
    await uploadSimulatedToken(nodeA, sim, appleUrl, 'paris', 12);
    const sync = await nodeA('sync', '--token', 'paris', '--full', '--apple-url', appleUrl);
    expect(sync.code).toBe(0);
    // Node B: same database (--store this time), same vault key, its own working directory.
    const devices = json<Device[]>(await nodeB('devices', '--json', '--store', storeUrl));
    expect(devices).toHaveLength(12);
    expect(new Set(devices.map((d) => d.status))).toEqual(new Set(['not_contacted']));
    const tokens = await nodeB('tokens', '--store', storeUrl, '--apple-url', appleUrl, '--lang', 'fr');
    expect(tokens.stdout).toMatch(/paris\s+Opérationnel/);
    for (const output of [sync, tokens]) expect(`${output.stdout}${output.stderr}`).not.toContain('hunter2-secret');
  });

  it('runs a sync once when two nodes ask for it at the same time: the other is refused', async () => {
    // Apple holds its answers (a day) until the test lets go: the first run is in flight, however long
    // the second node takes to start on a busy machine (within the CLI's own 60 s per-attempt timeout).
    sim.faults.set({ latencyMs: 86_400_000 });
    try {
      const startedRuns = async () => {
        const store = await openPostgresEventStore({ url: storeUrl, maxConnections: 1, create: false });
        try {
          let started = 0;
          for await (const event of store.readStream('dep-sync-paris')) if (event.type.startsWith('SyncRunStarted')) started++;
          return started;
        } finally {
          await store.close();
        }
      };
      const before = await startedRuns();
      const first = nodeA('sync', '--token', 'paris', '--apple-url', appleUrl);
      await eventually(async () => ((await startedRuns()) > before ? true : undefined));
      const second = await nodeB('sync', '--token', 'paris', '--apple-url', appleUrl, '--store', storeUrl);
      expect(second.code).toBe(3);
      expect(second.stdout).toContain('(run_in_progress)');
      sim.faults.reset();
      expect((await first).code).toBe(0);
    } finally {
      sim.faults.reset();
    }
  });

  it('refuses a second node with another vault key before it reads or writes anything', async () => {
    const stranger = cliIn(dirs[1] as string, { DEPLEDGER_STORE: storeUrl, DEPLEDGER_VAULT_KEY: randomBytes(32).toString('base64') });
    const result = await stranger('tokens');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^error VAULT_KEY_MISMATCH: /);
  });

  it('schedules every tenant of the schema from one node, and closes a forgotten tenant on every node', async () => {
    const acme = cliIn(dirs[0] as string, { DEPLEDGER_STORE: storeUrl, DEPLEDGER_VAULT_KEY: vaultKey, DEPLEDGER_TENANT: 'acme' });
    await uploadSimulatedToken(acme, sim, appleUrl, 'nantes', 3);
    type Entry = { tenant: string; tokenId: string };
    const plan = json<Entry[]>(await nodeB('schedule', '--all-tenants', '--plan', '--json', '--store', storeUrl));
    expect(plan.map((e) => `${e.tenant}/${e.tokenId}`).sort()).toEqual(['acme/nantes', 'default/paris']);
    const once = await nodeB(
      'schedule',
      '--all-tenants',
      '--once',
      '--node',
      '1/1',
      '--apple-url',
      appleUrl,
      '--store',
      storeUrl,
      '--json',
    );
    expect(json<(Entry & { task: string; status: string })[]>(once)).toEqual(
      expect.arrayContaining([expect.objectContaining({ tenant: 'acme', tokenId: 'nantes', task: 'full_sync', status: 'done' })]),
    );

    expect((await nodeA('tenant', 'forget', 'acme', '--confirm')).code).toBe(0);
    const listed = json<{ tenants: { tenant: string; forgottenAt: string | null }[] }>(
      await nodeB('tenant', 'list', '--json', '--store', storeUrl),
    );
    expect(listed.tenants).toEqual([expect.objectContaining({ tenant: 'acme', forgottenAt: expect.any(String) })]);
    const refused = await acme('sync', '--token', 'nantes', '--full', '--apple-url', appleUrl, '--json');
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('TENANT_FORGOTTEN');
    const after = json<Entry[]>(await nodeB('schedule', '--all-tenants', '--plan', '--json', '--store', storeUrl));
    expect(after.map((e) => e.tenant)).toEqual(['default']);
  });
});
