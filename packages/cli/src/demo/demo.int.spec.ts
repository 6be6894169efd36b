import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, cliIn, json, removeDir, repoRoot, tempDir } from '../test-support/cli-process';
import { foreignWord } from '../test-support/one-language';

// The walk-through takes about 12 s alone; the limit only guards against a hang, on however busy a machine.
jest.setTimeout(300_000);

type Device = { serial: string; status: string; statusLabel: string };

/** Runs `node packages/cli/dist/<script> …` in `cwd`. */
const runNode = (cwd: string, script: string, ...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'packages/cli/dist', script), ...args],
      { cwd, env: { ...process.env, DEPLEDGER_VAULT_KEY: '' } },
      (error, stdout, stderr) => done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });

/** `pnpm demo` without the build: the walk-through end to end in a scratch working directory. */
describe('the demo', () => {
  const cwd = tempDir('demo');
  beforeAll(() => buildCli(), 60_000);
  afterAll(() => removeDir(cwd));

  it('replays the eight steps, shows Non contacté, the downgrade, the refusal and Inscrit, and leaves a store that later commands read', async () => {
    writeFileSync(join(cwd, 'depledger.db'), 'an old store');
    writeFileSync(join(cwd, 'depledger.db.key'), 'its key');
    const demo = await runNode(cwd, 'demo.js');
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    const out = demo.stdout;
    expect(out).toContain('Départ d’un stockage neuf : ce qui restait a été supprimé (depledger.db, depledger.db.key).');
    for (const step of ['1', '2', '3', '4', '5', '6', '7', '8']) expect(out).toContain(`\nÉtape ${step} : `);
    // the narration is French throughout, like the commands it runs
    expect(foreignWord(demo, 'fr')).toBeNull();
    expect(out).toMatch(/\$ depledger key generate --token paris --out depledger-demo-\w+\/paris\.pem/);
    expect(out).toMatch(/\$ depledger token upload --token paris --file depledger-demo-\w+\/paris\.p7m/);
    // step 6 through Apple School and Business Manager's API: an account connected, then Apple's activities
    expect(out).toMatch(
      /\$ depledger business connect --client-id BUSINESSAPI\.[\w-]+ --key-id [\w-]+ --key depledger-demo-\w+\/api-key\.pem/,
    );
    expect(out).toMatch(/\$ depledger business assign --server [0-9A-F]{32} --serials (?:[A-Z0-9]{12},){2}[A-Z0-9]{12} /);
    expect(out).toMatch(/\$ depledger business assign --server [0-9A-F]{32} --order W\d+/);
    expect(out).toMatch(/\$ depledger business assign --server [0-9A-F]{32} --csv depledger-demo-\w+\/devices\.csv/);
    expect(out.match(/3 appareil\(s\) sur 3 attribué\(s\) à [0-9A-F]{32} chez Apple/g)).toHaveLength(3);
    expect(out).not.toContain('simulator portal assign');
    expect(out).toMatch(/Non contacté/);
    expect(out).toContain(
      'Synchronisation complète demandée ; incrémentale exécutée : une synchronisation complète a lieu au plus une fois tous les 7 jours',
    );
    expect(out).toContain('Synchronisation refusée pour paris : Une synchronisation est déjà en cours (run_in_progress).');
    // one language at a time: none of the English sentences under --lang fr
    expect(out).not.toMatch(/Sync (completed|refused) for/);
    expect(out).toMatch(/Réessayer après .* UTC/);
    expect(out).toMatch(/\$ depledger enroll [A-Z0-9]{12} --user user-1/);
    expect(out).toMatch(/[A-Z0-9]{12}\s+Inscrit\s+/);
    expect(out).toMatch(/Jeton paris : 9 appareil\(s\)/);
    expect(out).toMatch(/paris\s+Opérationnel\s+Paris MDM/);
    expect(out).toContain('mdm:checkin');
    expect(out).toMatch(/\$ depledger syncs --token paris\n\s+QUAND\s+TYPE/);
    expect(out).toMatch(
      /\$ depledger schedule --plan\n\s*JETON\s+PROCHAINE SYNCHRO[^\n]*\n\s*paris\s+incrémentale, \d{4}-\d\d-\d\d \d\d:\d\d UTC \(dans \d+ h\)/,
    );
    expect(out).toMatch(/Refusée\s+0\s+-\s+Une synchronisation est déjà en cours/);
    // the scheduler checks the API account's credentials too
    expect(out).toMatch(/COMPTE API\s+CONTRÔLE D’EXPIRATION\n\s+default\s+maintenant/);
    expect(out).not.toMatch(/CS_|AS_|AT_[0-9a-f]|PRIVATE KEY/);
    expect(readdirSync(cwd).filter((f) => f.startsWith('depledger-demo'))).toEqual([]);

    // A later `depledger devices` reads the same state.
    const devices = json<Device[]>(await cliIn(cwd)('devices', '--json', '--lang', 'fr'));
    expect(devices).toHaveLength(9);
    expect(devices.filter((d) => d.statusLabel === 'Inscrit')).toHaveLength(3);
    expect(devices.filter((d) => d.statusLabel === 'Non contacté')).toHaveLength(6);
    for (const d of devices) expect(out).toMatch(new RegExp(`${d.serial}\\s+${d.statusLabel}\\s`));
  });

  it('`depledger demo --lang en` speaks English labels', async () => {
    const demo = await runNode(cwd, 'bin.js', 'demo', '--lang', 'en');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Not contacted');
    expect(demo.stdout).toMatch(/[A-Z0-9]{12}\s+Enrolled\s+/);
    expect(demo.stdout).toContain('Sync refused for paris: A sync is already running (run_in_progress).');
    expect(demo.stdout).not.toContain('Non contacté');
    expect(demo.stdout).toContain('$ depledger devices --token paris --lang en');
    expect(demo.stdout).toContain('Starting from a fresh store: removed the previous depledger.db, depledger.db.key.');
    for (const step of ['1', '2', '3', '4', '5', '6', '7', '8']) expect(demo.stdout).toContain(`\nStep ${step}: `);
    expect(demo.stdout).toContain("depledger walk-through: the Intune document's eight steps");
  });
});
