import { execFile, spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Lang } from '@depledger/core';
import { buildCli, cliIn, eventually, json, removeDir, repoRoot, tempDir } from '../test-support/cli-process';
import { foreignWord } from '../test-support/one-language';

// The walk-through takes about 12 s alone; the limit only guards against a hang, on however busy a machine.
jest.setTimeout(300_000);

type Device = { serial: string; status: string; statusLabel: string };

/** Runs `node packages/cli/dist/<script> …` in `cwd` (with `env` added to the test's environment). */
const runNodeWith = (env: Readonly<Record<string, string>>, cwd: string, script: string, ...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'packages/cli/dist', script), ...args],
      { cwd, env: { ...process.env, DEPLEDGER_VAULT_KEY: '', ...env } },
      (error, stdout, stderr) => done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });

/** Runs `node packages/cli/dist/<script> …` in `cwd`, in the test's environment. */
const runNode = (cwd: string, script: string, ...args: string[]) => runNodeWith({}, cwd, script, ...args);

/** A port nothing listens on now, for `pnpm demo:console --port`. */
const freePort = (): Promise<number> =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
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
    // the full run's fetch and sync passes brought the same 9 devices: counted once; who asked, in French
    expect(out).toMatch(
      /complète\s+admin:cli \(à la demande\)\s+Terminée\s+2\s+[\d.]+ m?s\s+9 appareil\(s\), 9 ajouté\(s\), 0 retiré\(s\)/,
    );
    // and where to look next: the console on the same data
    expect(out).toContain('\n  pnpm demo:console ');
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
    expect(demo.stdout).toMatch(/full\s+admin:cli \(manual\)\s+Completed\s+2\s+[\d.]+ m?s\s+9 device\(s\), 9 added, 0 released/);
    expect(foreignWord(demo, 'en')).toBeNull();
  });

  it('`pnpm demo:console` serves the console on the data the demo left, with an API key it issues, until stopped', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(repoRoot, 'packages/cli/dist/demo-console.js'), '--lang', 'en', '--port', `${port}`], {
      cwd,
      env: { ...process.env, DEPLEDGER_VAULT_KEY: '', DEPLEDGER_LANG: 'fr' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let ended = false;
    void exited.then(() => (ended = true));
    await eventually(() => (/openapi\.json/.test(stdout) || ended ? true : undefined));
    expect({ ended, stderr }).toEqual({ ended: false, stderr: '' });
    expect(stdout).toContain(`The console: http://127.0.0.1:${port}/ — sign in with this API key`);
    const key = /dpl_[\w-]+/.exec(stdout)?.[0] ?? '';
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/console/`)).status).toBe(200);
    expect((await fetch(`${base}/devices`)).status).toBe(401);
    const answer = (await (await fetch(`${base}/devices?lang=en`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      devices: Device[];
    };
    expect(answer.devices).toHaveLength(9);
    expect(answer.devices.filter((d) => d.statusLabel === 'Enrolled')).toHaveLength(3);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped (SIGTERM)');
    expect(foreignWord({ stdout, stderr }, 'en')).toBeNull();
  });
});

describe('the demo scripts (pnpm demo, pnpm demo:console) say a wrong argument in the language asked', () => {
  const cwd = tempDir('demo-arguments');
  beforeAll(() => buildCli(), 60_000);
  afterAll(() => removeDir(cwd));

  it.each(['demo.js', 'demo-console.js'])('%s', async (script) => {
    const unknown = await runNode(cwd, script, '--bogus');
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'erreur USAGE : argument inconnu ou incomplet : "--bogus" ; voir --help.\n' });
    expect((await runNode(cwd, script, '--lang', 'en', '--bogus')).stderr).toBe(
      'error USAGE: unknown or incomplete argument: "--bogus"; see --help.\n',
    );
    expect((await runNodeWith({ DEPLEDGER_LANG: 'en' }, cwd, script, 'extra')).stderr).toBe(
      'error USAGE: unknown or incomplete argument: "extra"; see --help.\n',
    );
    // the language itself is what is wrong: said in both
    const german = await runNode(cwd, script, '--lang=de');
    expect(german.code).toBe(2);
    expect(german.stderr).toBe(
      'erreur USAGE : --lang doit valoir fr ou en (reçu : "de").\nerror USAGE: --lang must be fr or en (found "de").\n',
    );
    for (const lang of ['fr', 'en'] as const satisfies readonly Lang[]) {
      const help = await runNode(cwd, script, '--', '--lang', lang, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(lang === 'fr' ? /^Utilisation : node packages\/cli\/dist\// : /^Usage: node packages\/cli\/dist\//);
      expect(foreignWord(help, lang)).toBeNull();
    }
  });

  it('demo.js: a store it cannot reach is said in French by default, with its code, and nothing in English', async () => {
    const unreachable = await runNode(cwd, 'demo.js', '--store', 'postgres://nobody@127.0.0.1:1/demo');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^erreur POSTGRES_UNAVAILABLE : La connexion a été perdue/);
    const english = await runNode(cwd, 'demo.js', '--lang', 'en', '--store', 'postgres://nobody@127.0.0.1:1/demo');
    expect(english.stderr).toMatch(/^error POSTGRES_UNAVAILABLE: PostgreSQL at /);
  });

  it('demo-console.js: without a store here, says to run the demo first, in the language asked', async () => {
    const none = await runNode(cwd, 'demo-console.js', '--lang', 'en');
    expect(none).toMatchObject({ code: 1, stderr: 'No ./depledger.db here: run `pnpm demo` first, it leaves one behind.\n' });
    expect((await runNode(cwd, 'demo-console.js', '--port', '70000')).stderr).toBe(
      'erreur USAGE : --port doit être un numéro de port de 1 à 65535 (reçu : "70000").\n',
    );
  });
});
