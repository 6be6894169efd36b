import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { binPath, eventually, json } from '../test-support/cli-process';
import { simulatedCli } from '../test-support/simulated-token';
import { streamTypes } from '../test-support/store-probe';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** A latency no test waits out: Apple's answers are held until `sim.faults.reset()` lets them go. */
const HELD = 24 * 3600_000;

/** "While a sync runs, the Sync button is disabled": a second run is refused, says why and when to retry, exits 3. */
describe('sync refusals through the binary', () => {
  const e2e = simulatedCli('refusal', { seed: 5, token: { id: 'paris', devices: 8 }, env: { DEPLEDGER_LANG: 'fr' } });
  const { sim, dir, db, cli } = e2e;

  it('refuses a second run while one is in progress, with the reason and when to retry', async () => {
    // Apple holds its answers until the reset below: the first run is still in progress while the next two
    // commands run (one bound is left: the command's 60 s attempt timeout, which no setting lowers or raises).
    sim.faults.set({ latencyMs: HELD });
    const first = cli('sync', '--token', 'paris', '--full', '--apple-url', e2e.url);
    await eventually(async () => (await streamTypes(db, 'dep-sync-paris')).some((t) => t.startsWith('SyncRunStarted')) || undefined);
    const second = await cli('sync', '--token', 'paris', '--full', '--apple-url', e2e.url);
    expect(second.code).toBe(3);
    expect(second.stdout).toContain('Synchronisation refusée pour paris : Une synchronisation est déjà en cours (run_in_progress).');
    expect(second.stdout).toMatch(/Réessayer après \d{4}-\d\d-\d\d \d\d:\d\d UTC \(dans \d+ min\)\./);
    const asJson = await cli('sync', '--token', 'paris', '--apple-url', e2e.url, '--json', '--lang', 'en');
    expect(asJson.code).toBe(3);
    expect(json(asJson)).toMatchObject({ status: 'refused', refusal: { reason: 'run_in_progress', retryAt: expect.any(String) } });
    sim.faults.reset();
    const done = await first;
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Synchronisation terminée pour paris : complète');
    expect((await streamTypes(db, 'dep-sync-paris')).filter((t) => t.startsWith('SyncRunRefused'))).toHaveLength(2);
  });

  it('draws an indeterminate bar (Apple gives no total) with pages, devices, records and rate on a terminal instead of plain lines', async () => {
    // `script` gives the command a pseudo-terminal, as an administrator's shell would.
    const line = [process.execPath, binPath, 'sync', '--token', 'paris', '--apple-url', e2e.url].map((a) => `'${a}'`).join(' ');
    const result = await new Promise<string>((done, fail) =>
      execFile('script', ['-qec', line, '/dev/null'], { cwd: dir, env: { ...process.env, DEPLEDGER_VAULT_KEY: '' } }, (error, stdout) =>
        error ? fail(error) : done(stdout),
      ),
    );
    expect(result).toMatch(
      /synchronisation (récupération|synchronisation) \[░*█░*\] page 1 · \d+ appareils récupérés · \d+ enregistrements de la passe de synchronisation · \d+ enregistrements\/s/,
    );
    expect(result).not.toContain('page 1 (');
    expect(result).toContain('Synchronisation terminée pour paris');
  });

  it("under today's Intune rules (--policy intune-current) a manual sync within 15 minutes of the last one is refused", async () => {
    const r = await cli('sync', '--token', 'paris', '--apple-url', e2e.url, '--policy', 'intune-current');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Synchronisation refusée pour paris : Trop tôt après la synchronisation manuelle précédente (too_soon).');
    expect(r.stdout).toMatch(/Réessayer après .* UTC \(dans 1[45] min\)\./);
    const allowed = await cli('sync', '--token', 'paris', '--apple-url', e2e.url);
    expect(allowed.code).toBe(0);
  });

  it('Ctrl-C cancels a running sync cleanly: recorded as cancelled, exit 4, and the next sync runs', async () => {
    // Apple holds its answers until the reset below: the run is still waiting for Apple when Ctrl-C comes.
    sim.faults.set({ latencyMs: HELD });
    const before = (await streamTypes(db, 'dep-sync-paris')).filter((t) => t.startsWith('SyncRunStarted')).length;
    const child = spawn(process.execPath, [binPath, 'sync', '--token', 'paris', '--apple-url', e2e.url], {
      cwd: dir,
      env: { ...process.env, DEPLEDGER_VAULT_KEY: '' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = once(child, 'exit');
    await eventually(
      async () => (await streamTypes(db, 'dep-sync-paris')).filter((t) => t.startsWith('SyncRunStarted')).length > before || undefined,
    );
    child.kill('SIGINT');
    // The run is recorded as stopped while Apple still holds every answer: the signal stopped it.
    await eventually(async () => (await streamTypes(db, 'dep-sync-paris')).at(-1)?.startsWith('SyncRunFailed') || undefined);
    // The process exits once the calls it still waits for end (the session request, shared by every
    // caller, is not tied to the run's signal): Apple answers them now.
    sim.faults.reset();
    const [code] = (await exited) as [number | null];
    expect(code).toBe(4);
    expect(stdout).toContain('SYNC_RUN_CANCELLED');
    expect((await streamTypes(db, 'dep-sync-paris')).at(-1)).toMatch(/^SyncRunFailed/);
    expect((await cli('sync', '--token', 'paris', '--apple-url', e2e.url)).code).toBe(0);
  });

  it("Apple's new terms not accepted: the sync fails with what to do (exit 4), tokens shows it, accepting them clears it", async () => {
    sim.portal.requireNewTerms();
    const failed = await cli('sync', '--token', 'paris', '--apple-url', e2e.url);
    expect(failed.code).toBe(4);
    expect(failed.stdout).toMatch(/Synchronisation en échec pour paris/);
    expect(failed.stdout).toMatch(/conditions d’Apple ont changé/i);
    const health = await cli('tokens', '--token', 'paris');
    expect(health.stdout).toMatch(/paris\s+Conditions générales non acceptées/);
    sim.portal.acceptTerms();
    expect((await cli('sync', '--token', 'paris', '--apple-url', e2e.url)).code).toBe(0);
    expect(json<{ health: string }[]>(await cli('tokens', '--token', 'paris', '--json'))[0]?.health).toBe('ok');
  });

  it('syncs lists the runs and the refused requests, the most recent first, with why', async () => {
    const runs = json<{ outcome: string; refusal: { reason: string } | null; failure: { code: string } | null }[]>(
      await cli('syncs', '--token', 'paris', '--json'),
    );
    expect(runs.map((r) => r.outcome)).toEqual(expect.arrayContaining(['completed', 'refused', 'failed']));
    expect(runs.filter((r) => r.refusal?.reason === 'run_in_progress')).toHaveLength(2);
    expect(runs.filter((r) => r.refusal?.reason === 'too_soon')).toHaveLength(1);
    expect(runs.some((r) => r.failure?.code === 'SYNC_RUN_CANCELLED')).toBe(true);
    const human = await cli('syncs', '--token', 'paris', '--limit', '3', '--lang', 'en');
    expect(human.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(human.stdout).toMatch(/^WHEN\s+KIND\s+BY\s+OUTCOME/);
    expect((await cli('queue', '--token', 'paris', '--json')).code).toBe(0);
  });

  it('a token that cannot sync is refused with what to do, exit 3', async () => {
    const r = await cli('sync', '--token', 'nobody', '--apple-url', e2e.url);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Synchronisation refusée pour nobody');
    expect(r.stdout).toContain('Synchronisation refusée pour nobody : le jeton n’est pas actif (token_not_active).');
    expect(r.stdout).toContain('Réessayer ne servira à rien tant que le jeton n’est pas réparé');
  });
});
