import { spawn } from 'node:child_process';
import { binPath, cliIn, json, removeDir, tempDir } from '../test-support/cli-process';
import { foreignWord } from '../test-support/one-language';
import { simulatedCli, uploadSimulatedToken } from '../test-support/simulated-token';
import { streamTypes } from '../test-support/store-probe';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

type Entry = { tenant: string; tokenId: string; dueAt: string; takenAt: string; rank: number };
type Outcome = { tenant: string; tokenId: string; task: string; status: string };

const runsStarted = async (db: string, stream: string): Promise<number> =>
  (await streamTypes(db, stream)).filter((type) => type.startsWith('SyncRunStarted')).length;

/**
 * Issue 23 through the binary: `depledger schedule --all-tenants` keeps every tenant's tokens in sync
 * from one fleet scheduler, on a SQLite file shared by the default tenant and acme (a token `paris`
 * each), and leaves a forgotten tenant out; its options are checked before anything starts.
 */
describe('depledger schedule --all-tenants', () => {
  const started = simulatedCli('schedule-fleet', { seed: 31, token: { id: 'paris', devices: 3 } });
  const acmeDir = tempDir('schedule-fleet-acme');
  const acme = cliIn(acmeDir, { DEPLEDGER_TENANT: 'acme', DEPLEDGER_STORE: `sqlite:${started.db}` });
  const cleanups: (() => unknown)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  afterAll(() => removeDir(acmeDir));

  beforeAll(async () => {
    await uploadSimulatedToken(acme, started.sim, started.url, 'paris', 2);
  });

  it('plans the fleet’s queue with each token’s tenant, then runs as a service until SIGTERM', async () => {
    const plan = await started.cli('schedule', '--all-tenants', '--plan', '--json');
    expect(plan.code).toBe(0);
    expect(
      json<Entry[]>(plan)
        .map((e) => [e.tenant, e.tokenId, e.rank])
        .sort(),
    ).toEqual([
      ['acme', 'paris', 0],
      ['default', 'paris', 0],
    ]);
    const human = await started.cli('schedule', '--all-tenants', '--plan', '--lang', 'en');
    expect(human.stdout).toMatch(/TENANT +TOKEN +DUE/);
    expect(human.stdout).toMatch(/acme +paris +1970-01-01/);

    const child = spawn(
      process.execPath,
      [
        binPath,
        'schedule',
        '--all-tenants',
        '--every',
        '1',
        '--concurrency',
        '2',
        '--per-tenant',
        '1',
        '--apple-url',
        started.url,
        '--lang',
        'en',
      ],
      { cwd: started.dir, env: { ...process.env, DEPLEDGER_APPLE_ATTEMPTS: '1', DEPLEDGER_VAULT_KEY: '' } },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
    // jest's timeout is the only limit: the service gets there however busy the machine
    while (!(stdout.includes('acme/paris  full sync: done') && stdout.includes('default/paris  full sync: done')))
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stdout).toContain('Scheduling every tenant (node 1 of 1, 2 token(s) at once, 1 per tenant)');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped.');
    expect(await runsStarted(started.db, 'dep-sync-paris')).toBe(1);
    expect(await runsStarted(started.db, 'tenant-acme~dep-sync-paris')).toBe(1);

    // a pass for cron now finds no sync due in either tenant
    const once = await started.cli('schedule', '--all-tenants', '--once', '--apple-url', started.url, '--json');
    expect(once.code).toBe(0);
    expect(json<Outcome[]>(once).filter((o) => o.task.endsWith('_sync'))).toEqual([]);
  });

  it('refuses bad fleet options as usage errors, in both languages, before anything starts', async () => {
    const bad = [
      ['schedule', '--all-tenants', '--concurrency', '0'],
      ['schedule', '--all-tenants', '--per-tenant', 'two'],
      ['schedule', '--all-tenants', '--node', '0/3'],
      ['schedule', '--all-tenants', '--node', '4/3'],
      ['schedule', '--all-tenants', '--node', '2'],
      ['schedule', '--all-tenants', '--standby', '2d'],
      ['schedule', '--concurrency', '4'],
      ['schedule', '--all-tenants', '--token', 'paris'],
      ['--tenant', 'acme', 'schedule', '--all-tenants', '--plan'],
      ['serve', '--all-tenants', '--per-tenant', '0', '--port', '0'],
      ['serve', '--node', '1/2', '--port', '0'],
    ];
    for (const args of bad) {
      // without --once or --plan these would run until a signal: they exit at once, with 2
      const refused = await started.cli(...args, '--json');
      expect([args.join(' '), refused.code, refused.stdout + refused.stderr]).toEqual([
        args.join(' '),
        2,
        expect.stringContaining('INVALID_INPUT'),
      ]);
      for (const lang of ['en', 'fr'] as const) {
        const said = await started.cli('--lang', lang, ...args);
        expect([args.join(' '), lang, said.code, foreignWord(said, lang)]).toEqual([args.join(' '), lang, 2, null]);
      }
    }
    const node = await started.cli('--lang', 'fr', 'schedule', '--all-tenants', '--node', '0/3');
    expect(node.stderr).toContain('1/3 pour le premier de trois');
    const standby = await started.cli('schedule', '--all-tenants', '--standby', '2d');
    expect(standby.stderr).toContain('--standby takes a duration');
    // good values are taken: this node second of three, its tokens' first nodes given 90 s
    const plan = await started.cli('schedule', '--all-tenants', '--plan', '--node', '2/3', '--standby', '90s', '--json');
    expect(plan.code).toBe(0);
    expect(json<Entry[]>(plan).map((e) => e.tenant)).toEqual(expect.arrayContaining(['acme', 'default']));
  });

  it('leaves a forgotten tenant out, refuses its commands and syncs, and lists every tenant with whether it is forgotten', async () => {
    // globex has events (an API key) and nothing in the vault: listed all the same
    expect((await started.cli('--tenant', 'globex', 'api-key', 'create', '--name', 'mdm', '--scope', 'read')).code).toBe(0);
    const before = json<{ tenants: { tenant: string; forgottenAt: string | null }[] }>(await started.cli('tenant', 'list', '--json'));
    expect(before.tenants.map((t) => [t.tenant, t.forgottenAt])).toEqual([
      ['acme', null],
      ['globex', null],
    ]);

    expect((await started.cli('tenant', 'forget', 'acme', '--confirm')).code).toBe(0);
    const plan = json<Entry[]>(await started.cli('schedule', '--all-tenants', '--plan', '--json'));
    expect(plan.map((e) => e.tenant)).toEqual(['default']);

    const events = await streamTypes(started.db, 'tenant-acme~dep-sync-paris');
    const sync = await acme('sync', '--token', 'paris', '--apple-url', started.url, '--json');
    expect(sync.code).toBe(1);
    expect(sync.stdout + sync.stderr).toContain('TENANT_FORGOTTEN');
    const profile = await acme(
      'profile',
      'define',
      'late',
      '--token',
      'paris',
      '--name',
      'Late',
      '--url',
      'https://mdm.acme.example/enroll',
      '--json',
    );
    expect(profile.stdout + profile.stderr).toContain('TENANT_FORGOTTEN');
    expect(await streamTypes(started.db, 'tenant-acme~dep-sync-paris')).toEqual(events);
    // its past events still replay
    expect((await acme('syncs', '--token', 'paris', '--json')).code).toBe(0);

    const listed = await started.cli('--lang', 'en', 'tenant', 'list');
    expect(listed.stdout).toMatch(/acme +\d+ +\d{4}-\d\d-\d\d/);
    expect(listed.stdout).toMatch(/globex +0 +-/);
  });
});
