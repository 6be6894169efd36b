import { execFile } from 'node:child_process';
import type { Lang } from '@depledger/core';
import { binPath, json, type CliResult } from '../test-support/cli-process';
import { simulatedCli, tokenUploadArgs } from '../test-support/simulated-token';

/**
 * `--lang` picks one language for everything a command says: its lines, its tables, its progress
 * and its errors. Each language walks the seed's steps through the real binary and every word
 * people read is checked for the other language's words.
 */

/** What people read, without what is not language: commands and flags quoted in a sentence, read-model names, ids, URLs. */
const prose = (text: string): string =>
  text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\b[a-z]+(?:-[a-z]+)+\b/g, ' ')
    .replace(/depledger [^\n()]*/g, ' ')
    .replace(/--[a-z-]+/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/<[^>]*>/g, ' ');

/** Words that are English and never French, and the reverse. */
const foreign: Readonly<Record<Lang, RegExp>> = {
  fr: /\b(the|is|are|and|of|for|from|with|yet|has|was|not|no|to|error|devices?|records?|so far|next|uploaded|defined|enrolled|allowed|checked|history|when|status|serial)\b/i,
  en: /\b(le|la|les|des|du|une?|pour|est|sont|avec|aucun|appareils?|jetons?|erreur|été|chargé|inscrit|historique|profil)\b|[éèêàùç]/i,
};

const said = (result: CliResult): string => prose(`${result.stdout}\n${result.stderr}`);

// a hang guard only: some twenty processes per language, on a machine others share
jest.setTimeout(900_000);

describe.each<Lang>(['fr', 'en'])('depledger --lang %s', (lang) => {
  const e2e = simulatedCli(`one-language-${lang}`, { seed: 23 });
  const outputs: { command: string; result: CliResult }[] = [];
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
    expect(outputs.map((o) => o.result.stdout).join('')).toContain(lang === 'fr' ? 'Inscrit' : 'Enrolled');
    for (const { command, result } of outputs)
      expect({ command, foreign: said(result).match(foreign[lang])?.[0] ?? null }).toEqual({ command, foreign: null });
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
      expect({ stderr: failure.stderr, foreign: said(failure).match(foreign[lang])?.[0] ?? null }).toEqual({
        stderr: failure.stderr,
        foreign: null,
      });
    }
  });
});
