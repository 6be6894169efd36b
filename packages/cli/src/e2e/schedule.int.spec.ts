import { spawn } from 'node:child_process';
import { binPath, json } from '../test-support/cli-process';
import { simulatedCli } from '../test-support/simulated-token';
import { streamTypes } from '../test-support/store-probe';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

type Outcome = { tokenId: string; task: string; status: string; sync?: { kind: string; counts: { added: number } } };

/** `depledger schedule`: the scheduler through the real binary, against the simulator, on a SQLite file. */
describe('depledger schedule', () => {
  const e2e = simulatedCli('schedule', { seed: 9, token: { id: 'paris', devices: 6 } });
  const { db, cli } = e2e;

  it('plans, runs what is due once (for cron), and does not sync again before the rules say', async () => {
    const plan = await cli('schedule', '--plan', '--json');
    expect(plan.code).toBe(0);
    expect(json(plan)).toEqual([
      expect.objectContaining({ tokenId: 'paris', skipped: null, nextSync: { kind: 'full', at: new Date(0).toISOString() } }),
    ]);

    const first = await cli('schedule', '--once', '--apple-url', e2e.url, '--lang', 'en');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/ paris {2}expiry check: done/);
    expect(first.stdout).toMatch(/ paris {2}full sync: done/);
    expect(first.stdout).toContain('Sync completed for paris: full run');
    const started = (await streamTypes(db, 'dep-sync-paris')).filter((t) => t.startsWith('SyncRunStarted'));
    expect(started).toHaveLength(1);

    // a second pass (a new process, as cron starts it): the sync is not due for a day
    const second = await cli('schedule', '--once', '--apple-url', e2e.url, '--json');
    expect(second.code).toBe(0);
    const outcomes = json<Outcome[]>(second);
    expect(outcomes.map((o) => o.task)).not.toContain('full_sync');
    expect(outcomes.map((o) => o.task)).not.toContain('delta_sync');
    expect((await streamTypes(db, 'dep-sync-paris')).filter((t) => t.startsWith('SyncRunStarted'))).toHaveLength(1);
    const after = await cli('schedule', '--plan');
    expect(after.stdout).toMatch(/paris +incremental, \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 24 h\)/);

    expect((await cli('schedule', '--every', '0')).code).toBe(2);
    expect((await cli('schedule', '--once', '--plan')).code).toBe(2);
  });
});

describe('depledger schedule as a loop', () => {
  // A store of its own: the scheduler keeps its last expiry check in the store, so on the store the
  // passes above used nothing would be due for a day.
  const e2e = simulatedCli('schedule-loop', { seed: 9, token: { id: 'paris', devices: 6 } });
  const { dir } = e2e;
  const cleanups: (() => unknown)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('runs as a loop until Ctrl-C, printing what it does', async () => {
    const child = spawn(
      process.execPath,
      [binPath, 'schedule', '--every', '1', '--apple-url', e2e.url, '--token', 'paris', '--lang', 'en'],
      {
        cwd: dir,
        env: { ...process.env, DEPLEDGER_APPLE_ATTEMPTS: '1', DEPLEDGER_VAULT_KEY: '' },
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // a failed expectation or the hang guard must not leave the loop running (jest would wait for it)
    cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
    // jest's timeout is the only limit: the loop gets there however busy the machine.
    while (!stdout.includes('expiry check: done')) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stdout).toContain('Scheduling paris: looking for due work every 1 s.');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped.');
  });
});
