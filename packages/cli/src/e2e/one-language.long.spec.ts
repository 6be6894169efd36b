import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '@depledger/core';
import { binPath, json, type CliResult } from '../test-support/cli-process';
import { foreignWord } from '../test-support/one-language';
import { simulatedCli, tokenUploadArgs } from '../test-support/simulated-token';

/**
 * `--lang` picks one language for everything a command says: its lines, its tables, its progress
 * and its errors. Each language walks the seed's steps through the real binary and every word
 * people read is checked for the other language's words.
 */

const foreignIn = (result: CliResult, lang: Lang): string | null => foreignWord(result, lang);

/** Starts a command that runs until stopped, waits until it has said `until`, stops it (SIGTERM) and returns all it said. */
const runUntilStopped = (dir: string, args: readonly string[], until: RegExp): Promise<CliResult> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: dir,
      env: { ...process.env, DEPLEDGER_VAULT_KEY: '', DEPLEDGER_LANG: 'en' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
  });

// a hang guard only: some twenty processes per language, on a machine others share
jest.setTimeout(900_000);

describe.each<Lang>(['fr', 'en'])('depledger --lang %s', (lang) => {
  const e2e = simulatedCli(`one-language-${lang}`, { seed: 23 });
  const outputs: { command: string; result: CliResult }[] = [];
  let serverId = '';
  const cli = async (...args: string[]): Promise<CliResult> => {
    const result = await e2e.cli(...args, '--lang', lang);
    outputs.push({ command: args.join(' '), result });
    return result;
  };

  it('says the whole walk-through — key, upload, profile, sync, lists, history, enrollment — in one language', async () => {
    expect((await cli('key', 'generate', '--token', 'nantes', '--out', 'nantes.pem')).code).toBe(0);
    const server = json<{ serverId: string }>(
      await e2e.cli(
        'simulator',
        'portal',
        'add-server',
        '--pem',
        'nantes.pem',
        '--out',
        'nantes.p7m',
        '--simulator-url',
        e2e.url,
        '--json',
      ),
    );
    serverId = server.serverId;
    e2e.sim.devices.seed({ count: 3, serverId: server.serverId });
    expect((await cli(...tokenUploadArgs('nantes', 'nantes.p7m', e2e.url))).code).toBe(0);
    expect((await cli('token', 'verify', '--token', 'nantes', '--apple-url', e2e.url)).code).toBe(0);
    expect(
      (await cli('profile', 'define', 'corp', '--token', 'nantes', '--name', 'Contoso', '--url', 'https://mdm.example.com/enroll')).code,
    ).toBe(0);
    expect((await cli('profile', 'publish', 'corp', '--apple-url', e2e.url)).code).toBe(0);
    expect((await cli('profile', 'default', 'corp', '--token', 'nantes')).code).toBe(0);
    expect((await cli('profile', 'list')).code).toBe(0);
    expect((await cli('sync', '--token', 'nantes', '--full', '--apple-url', e2e.url)).code).toBe(0);
    const serial = json<{ serial: string }[]>(await e2e.cli('devices', '--json'))[0]?.serial ?? 'none';
    expect((await cli('enroll', serial)).code).toBe(0);
    // a token with a key and no server token yet: the scheduler leaves it alone, and says why
    expect((await cli('key', 'generate', '--token', 'lyon', '--out', 'lyon.pem')).code).toBe(0);
    const lists = [
      ['tokens'],
      ['devices'],
      ['summary'],
      ['syncs', '--token', 'nantes'],
      ['history', serial],
      ['queue'],
      ['schedule', '--plan'],
      ['rebuild', 'device-status'],
      ['api-key', 'create', '--name', 'console'],
      ['api-key', 'list'],
    ];
    for (const args of lists) {
      expect((await cli(...args)).code).toBe(0);
    }
    const all = outputs.map((o) => o.result.stdout).join('');
    expect(all).toContain(lang === 'fr' ? 'Inscrit' : 'Enrolled');
    const said = (command: string) => outputs.find((o) => o.command === command)?.result.stdout ?? '';
    // the full run fetched 3 devices and its sync pass listed them again: 3 devices, asked for by hand
    expect(said('syncs --token nantes')).toMatch(
      lang === 'fr' ? /\(à la demande\).*3 appareil\(s\), 3 ajouté\(s\)/ : /\(manual\).*3 device\(s\), 3 added/,
    );
    expect(said('schedule --plan')).toMatch(
      lang === 'fr' ? /lyon\s+aucune : le jeton n’est pas actif/ : /lyon\s+none: the token is not active/,
    );
    expect(said('api-key list')).toMatch(
      lang === 'fr' ? /console\s+lecture, écriture\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC/ : /console\s+read, write\s+\d{4}/,
    );
    for (const { command, result } of outputs) expect({ command, foreign: foreignIn(result, lang) }).toEqual({ command, foreign: null });
  });

  it('says its errors in the same language, with the code programs read', async () => {
    const failures = [
      await cli('tokens', '--token', 'nowhere'),
      await cli('token', 'verify', '--token', 'nowhere'),
      await cli('history', 'NOSUCHSERIAL1'),
      await cli('syncs', '--token', 'nantes', '--limit', '0'),
      await cli('devices', '--bogus'),
      await cli('profile', 'publish', 'missing', '--apple-url', e2e.url),
    ];
    const prefix = lang === 'fr' ? /^erreur [A-Z_]+ : \S/ : /^error [A-Z_]+: \S/;
    if (lang === 'fr') {
      // nothing asked (no --lang, no DEPLEDGER_LANG): French, the Intune document's language
      const { DEPLEDGER_LANG: _asked, ...env } = process.env;
      const plain = await new Promise<string>((done) =>
        execFile(
          process.execPath,
          [binPath, 'tokens', '--token', 'nowhere'],
          { cwd: e2e.dir, env: { ...env, DEPLEDGER_VAULT_KEY: '' } },
          (_e, _o, stderr) => done(stderr),
        ),
      );
      expect(plain).toMatch(/^erreur TOKEN_NOT_FOUND : Ce stockage n’a pas de jeton nowhere/);
    }
    for (const failure of failures) {
      expect(failure.code).not.toBe(0);
      expect(failure.stderr).toMatch(prefix);
      expect({ stderr: failure.stderr, foreign: foreignIn(failure, lang) }).toEqual({
        stderr: failure.stderr,
        foreign: null,
      });
    }
  });

  it('says the business, simulator, routing, vault and serve commands, and every --help, in the same language', async () => {
    const family: { command: string; result: CliResult }[] = [];
    const run = async (...args: string[]): Promise<CliResult> => {
      const result = await e2e.cli(...args, '--lang', lang);
      family.push({ command: args.join(' '), result });
      return result;
    };
    const apple = ['--apple-url', e2e.url];
    const portal = ['--simulator-url', e2e.url];

    // School and Business Manager's API: connect, health, servers, inventory, and each of Apple's activities
    const account = e2e.sim.business.addApiAccount({ name: `one-language-${lang}` });
    writeFileSync(join(e2e.dir, 'api.pem'), account.privateKeyPem);
    const expires = new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const connectArgs = ['--client-id', account.clientId, '--key-id', account.keyId, '--key', 'api.pem', '--expires', expires];
    expect((await run('business', 'connect', ...connectArgs, ...apple)).code).toBe(0);
    expect((await run('business', 'status', ...apple)).code).toBe(0);
    expect((await run('business', 'servers', ...apple)).code).toBe(0);
    const [kept, released, unassigned, dark] = e2e.sim.devices.seed({ count: 4, seed: 7 });
    expect((await run('business', 'devices', ...apple)).code).toBe(0);
    expect((await run('business', 'assign', '--server', serverId, '--serials', `${kept},${unassigned}`, ...apple)).code).toBe(0);
    expect((await run('business', 'unassign', '--server', serverId, '--serials', `${unassigned}`, ...apple)).code).toBe(0);
    expect((await run('business', 'release', '--serials', `${released}`, '--confirm', ...apple)).code).toBe(0);

    // the simulator: its start-up lines, and the portal's steps
    const started = await runUntilStopped(e2e.dir, ['simulator', '--port', '0', '--devices', '2', '--lang', lang], /Ctrl-C/);
    family.push({ command: 'simulator', result: started });
    expect((await run('simulator', 'portal', 'servers', ...portal)).code).toBe(0);
    expect((await run('simulator', 'portal', 'devices', '--server', serverId, ...portal)).code).toBe(0);
    expect((await run('simulator', 'portal', 'assign', '--server', serverId, '--serials', `${kept}`, 'NOSUCHSERIAL', ...portal)).code).toBe(
      0,
    );
    expect((await run('simulator', 'power-on', `${dark}`, ...portal)).code).toBe(1);

    // routing rules and the dry run
    writeFileSync(
      join(e2e.dir, 'rules.json'),
      JSON.stringify([
        { profileId: 'corp', when: { serials: [kept] }, note: 'pilot' },
        { profileId: 'corp', when: { family: ['Mac'] } },
      ]),
    );
    expect((await run('profile', 'rules', '--token', 'nantes', '--set', 'rules.json')).code).toBe(0);
    expect((await run('profile', 'route', '--token', 'nantes', '--dry-run', '--serial', `${kept}`, 'C02NEWDEVICE')).code).toBe(0);

    // the vault's key replaced, then the server started and stopped
    expect((await run('vault', 'rotate-key')).code).toBe(0);
    const served = await runUntilStopped(e2e.dir, ['serve', '--port', '0', '--no-schedule', '--lang', lang], /openapi\.json/);
    family.push({ command: 'serve', result: served });

    // --help, from the top to the commands of each family
    const helps = [
      [],
      ['business'],
      ['business', 'assign'],
      ['simulator'],
      ['simulator', 'portal', 'add-server'],
      ['profile', 'route'],
      ['profile', 'define'],
      ['vault', 'rotate-key'],
      ['serve'],
      ['sync'],
      ['devices'],
      ['schedule'],
    ];
    for (const words of helps) expect((await run(...words, '--help')).code).toBe(0);

    const all = family.map((f) => f.result.stdout).join('');
    const expected =
      lang === 'fr'
        ? [
            'Compte d’API default connecté',
            'Simulateur Apple DEP à l’écoute',
            'règle 1 (pilot)',
            'Clé du coffre remplacée',
            'Arrêté (SIGTERM)',
            'Utilisation : depledger business assign',
            'Exemple :',
          ]
        : [
            'API account default connected',
            'Apple DEP simulator listening',
            'rule 1 (pilot)',
            'Vault key replaced',
            'Stopped (SIGTERM)',
            'Usage: depledger business assign',
            'Example:',
          ];
    for (const { command, result } of family) expect({ command, foreign: foreignIn(result, lang) }).toEqual({ command, foreign: null });
    for (const line of expected) expect(all).toContain(line);
  });
});
