import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliIn, json, removeDir, tempDir, type CliResult } from '../test-support/cli-process';
import { keysAndLyonServerToken, simulatedCli, tokenUploadArgs } from '../test-support/simulated-token';
import { eventCount } from '../test-support/store-probe';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** One line on stderr, `error CODE: message`, nothing on stdout, the exit code given. */
const expectOneLineError = (result: CliResult, code: string, exitCode: number) => {
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(new RegExp(`^error ${code}: \\S`));
  expect(result.code).toBe(exitCode);
};

describe('bad input gets one clear line, a non-zero exit and nothing written', () => {
  const e2e = simulatedCli('bad', { prepare: keysAndLyonServerToken });
  const { dir, db, cli } = e2e;

  it('a wrong flag, an unknown command, a bad --lang or --status: usage error, exit 2', async () => {
    expectOneLineError(await cli('devices', '--bogus'), 'USAGE', 2);
    expect((await cli('devices', '--bogus')).stderr).toContain("unknown option '--bogus'");
    expectOneLineError(await cli('frobnicate'), 'USAGE', 2);
    expectOneLineError(await cli('devices', '--lang', 'de'), 'USAGE', 2);
    expectOneLineError(await cli('devices', '--status', 'happy'), 'USAGE', 2);
    expectOneLineError(await cli('sync'), 'USAGE', 2);
  });

  it('a missing file: FILE_NOT_FOUND, exit 2, no event recorded', async () => {
    const before = await eventCount(db);
    const r = await cli(...tokenUploadArgs('paris', 'nowhere.p7m', e2e.url));
    expectOneLineError(r, 'FILE_NOT_FOUND', 2);
    expect(r.stderr).toContain('nowhere.p7m');
    expect(await eventCount(db)).toBe(before);
  });

  it('a server token made for another key: SERVER_TOKEN_WRONG_KEY, exit 2, no event recorded, no secret printed', async () => {
    const before = await eventCount(db);
    const r = await cli(...tokenUploadArgs('paris', 'lyon.p7m', e2e.url));
    expectOneLineError(r, 'SERVER_TOKEN_WRONG_KEY', 2);
    expect(r.stderr).not.toMatch(/alice@|CS_|AS_|AT_/);
    expect(await eventCount(db)).toBe(before);
    expect(json<{ tokenId: string; stage: string }[]>(await cli('tokens', '--json')).find((t) => t.tokenId === 'paris')?.stage).toBe(
      'key_issued',
    );
  });

  it('an Apple that cannot be reached does not lose the upload; verify checks again later', async () => {
    const r = await cli(
      'token',
      'upload',
      '--token',
      'lyon',
      '--file',
      'lyon.p7m',
      '--apple-id',
      'bob@contoso.example',
      '--apple-url',
      'http://127.0.0.1:9',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Server token uploaded for lyon');
    expect(r.stdout).toContain('Apple could not confirm the account (');
    expect(r.stdout).toContain('depledger token verify --token lyon');
    expect(json<{ tokenId: string; stage: string }[]>(await cli('tokens', '--json')).find((t) => t.tokenId === 'lyon')?.stage).toBe(
      'active',
    );
    const verified = await cli('token', 'verify', '--token', 'lyon', '--apple-url', e2e.url);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Apple account checked');
    expectOneLineError(await cli('token', 'verify', '--token', 'paris', '--apple-url', e2e.url), 'TOKEN_NOT_UPLOADED', 1);
  });

  it('key generate refuses an --out that exists or a directory that does not, before recording anything', async () => {
    const before = await eventCount(db);
    const pem = readFileSync(join(dir, 'paris.pem'), 'utf8');
    expectOneLineError(await cli('key', 'generate', '--token', 'paris', '--out', 'paris.pem'), 'FILE_EXISTS', 2);
    expect(readFileSync(join(dir, 'paris.pem'), 'utf8')).toBe(pem);
    expectOneLineError(await cli('key', 'generate', '--token', 'paris', '--out', 'no/such/dir/paris.pem'), 'FILE_NOT_FOUND', 2);
    expectOneLineError(await cli('key', 'generate', '--token', 'not a token id!', '--out', 'x.pem'), 'INVALID_INPUT', 2);
    expect(existsSync(join(dir, 'x.pem'))).toBe(false);
    expect(await eventCount(db)).toBe(before);
  });

  it('invalid profile settings name the field; unknown profile, device, projection or token say what to do', async () => {
    const before = await eventCount(db);
    const bad = await cli('profile', 'define', 'corp', '--token', 'lyon', '--name', 'Corp', '--url', 'not-a-url');
    expectOneLineError(bad, 'PROFILE_INVALID', 2);
    expect(bad.stderr).toContain('url');
    expectOneLineError(
      await cli('profile', 'define', 'corp', '--token', 'nobody', '--name', 'Corp', '--url', 'https://mdm.example.com/enroll'),
      'TOKEN_NOT_FOUND',
      1,
    );
    const noName = await cli('profile', 'define', 'corp', '--token', 'lyon', '--url', 'https://mdm.example.com/enroll');
    expectOneLineError(noName, 'PROFILE_INVALID', 2);
    expect(noName.stderr).toContain('name');
    writeFileSync(join(dir, 'broken.json'), '{ "name": ');
    expectOneLineError(await cli('profile', 'define', 'corp', '--token', 'lyon', '--settings', 'broken.json'), 'INVALID_INPUT', 2);
    expectOneLineError(await cli('profile', 'define', 'corp', '--token', 'lyon', '--settings', 'missing.json'), 'FILE_NOT_FOUND', 2);
    expectOneLineError(await cli('profile', 'publish', 'ghost', '--apple-url', e2e.url), 'PROFILE_NOT_FOUND', 1);
    expectOneLineError(await cli('profile', 'default', '--token', 'lyon'), 'INVALID_INPUT', 2);
    expectOneLineError(await cli('history', 'C02NOTKNOWN1'), 'DEVICE_NOT_FOUND', 1);
    expectOneLineError(await cli('enroll', 'C02NOTKNOWN1'), 'DEVICE_UNKNOWN', 1);
    expectOneLineError(await cli('rebuild', 'everything'), 'UNKNOWN_PROJECTION', 2);
    expectOneLineError(await cli('devices', '--as-of', 'yesterday'), 'INVALID_INPUT', 2);
    expectOneLineError(await cli('tokens', '--token', 'nobody'), 'TOKEN_NOT_FOUND', 1);
    expectOneLineError(
      await cli('assign', 'C02NOTKNOWN1', '--profile', 'ghost', '--token', 'lyon', '--apple-url', e2e.url),
      'PROFILE_NOT_FOUND',
      1,
    );
    expect(await eventCount(db)).toBe(before);
  });

  it('a store that cannot be opened, or is not there, or is not a store: one line, and no file left behind', async () => {
    const empty = tempDir('empty');
    try {
      const elsewhere = cliIn(empty);
      expectOneLineError(await elsewhere('devices'), 'STORE_NOT_FOUND', 1);
      expect(existsSync(join(empty, 'depledger.db'))).toBe(false);
      writeFileSync(join(empty, 'garbage.db'), 'this is not SQLite at all, not even close; '.repeat(200));
      const garbage = await elsewhere('devices', '--store', 'sqlite:garbage.db');
      expectOneLineError(garbage, 'SQLITE_OPEN_FAILED', 1);
      expect(garbage.stderr).toContain('garbage.db');
      expectOneLineError(await elsewhere('devices', '--store', 'mysql://db'), 'INVALID_STORE', 2);
      // A first command that fails leaves no empty store behind.
      expectOneLineError(await elsewhere('key', 'generate', '--token', 'not a token id!', '--out', 'x.pem'), 'INVALID_INPUT', 2);
      expect(readdirSync(empty).sort()).toEqual(['garbage.db']);
      const esdb = await elsewhere('devices', '--store', 'esdb://admin:secret@localhost:2113?tls=false');
      expect(esdb.code).not.toBe(0);
      expect(esdb.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(esdb.stderr).toMatch(/^error [A-Z_]+: /);
      expect(esdb.stderr).not.toContain('secret');
      expect(existsSync(join(empty, 'depledger.db.key'))).toBe(false);
    } finally {
      removeDir(empty);
    }
  });

  it('token remove removes a token nothing points at; afterwards it is gone from tokens', async () => {
    const r = await cli('token', 'remove', '--token', 'lyon', '--json');
    expect(json(r)).toEqual({ tokenId: 'lyon', removed: true });
    expect(json<{ tokenId: string; health: string }[]>(await cli('tokens', '--json')).find((t) => t.tokenId === 'lyon')?.health).toBe(
      'removed',
    );
    expectOneLineError(await cli('key', 'generate', '--token', 'lyon', '--out', 'lyon2.pem'), 'TOKEN_REMOVED', 1);
  });

  it('simulator actions without a simulator, or with two ways to choose devices, say so', async () => {
    expectOneLineError(
      await cli('simulator', 'power-on', 'C02XK1ABCD12', '--simulator-url', 'http://127.0.0.1:9'),
      'SIMULATOR_UNREACHABLE',
      1,
    );
    expectOneLineError(
      await cli('simulator', 'portal', 'assign', '--server', 'X', '--order', 'W1', '--serials', 'A', '--simulator-url', e2e.url),
      'INVALID_INPUT',
      2,
    );
    expectOneLineError(
      await cli('simulator', 'portal', 'assign', '--server', 'NOPE', '--order', 'W1', '--simulator-url', e2e.url),
      'SIMULATOR_UNKNOWN_SERVER',
      1,
    );
    expectOneLineError(await cli('simulator', 'power-on', 'C02NOTKNOWN1', '--simulator-url', e2e.url), 'SIMULATOR_UNKNOWN_DEVICE', 1);
  });
});
