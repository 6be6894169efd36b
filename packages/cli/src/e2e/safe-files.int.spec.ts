import { existsSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, cliIn, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

describe('the files depledger writes and reads', () => {
  let dir = '';
  let cli: Cli;

  beforeAll(() => buildCli(), 60_000);

  beforeEach(() => {
    dir = tempDir('files');
    cli = cliIn(dir);
  });

  afterEach(() => removeDir(dir));

  it('a failed first command never deletes a vault key it did not create', async () => {
    expect((await cli('key', 'generate', '--store', 'sqlite:k.db', '--token', 't1', '--out', 't1.pem')).code).toBe(0);
    const key = readFileSync(join(dir, 'k.db.key'), 'utf8');
    renameSync(join(dir, 'k.db'), join(dir, 'k.db.bak'));

    const failed = await cli('key', 'generate', '--store', 'sqlite:k.db', '--token', 'bad id!', '--out', 'x.pem');
    expect(failed.stderr).toMatch(/^error INVALID_INPUT: /);
    expect(existsSync(join(dir, 'k.db'))).toBe(false); // the database this run created is gone again
    expect(readFileSync(join(dir, 'k.db.key'), 'utf8')).toBe(key); // the key it found is not

    renameSync(join(dir, 'k.db.bak'), join(dir, 'k.db'));
    const tokens = await cli('tokens', '--store', 'sqlite:k.db', '--json');
    expect(tokens.code).toBe(0);
    expect(json<{ tokenId: string }[]>(tokens).map((t) => t.tokenId)).toEqual(['t1']);
  });

  it('the database, its WAL and its key are readable by their owner only', async () => {
    expect((await cli('key', 'generate', '--token', 't1', '--out', 't1.pem')).code).toBe(0);
    for (const file of ['depledger.db', 'depledger.db.key']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect((await cli('tokens')).code).toBe(0);
    for (const file of readdirSync(dir).filter((name) => name.startsWith('depledger.db')))
      expect([file, statSync(join(dir, file)).mode & 0o777]).toEqual([file, 0o600]);
  });

  it('a vault key file that is a symbolic link is refused, good key or dangling, and leaves no database behind', async () => {
    expect((await cli('key', 'generate', '--store', 'sqlite:first.db', '--token', 't1', '--out', 't1.pem')).code).toBe(0);
    symlinkSync(join(dir, 'first.db.key'), join(dir, 'depledger.db.key'));
    const planted = await cli('key', 'generate', '--token', 't2', '--out', 't2.pem');
    expect(planted).toMatchObject({ code: 1, stdout: '' });
    expect(planted.stderr).toMatch(/^error VAULT_KEY_FILE_INSECURE: .*symbolic link/);
    expect(existsSync(join(dir, 'depledger.db'))).toBe(false);
    expect(existsSync(join(dir, 't2.pem'))).toBe(false);

    symlinkSync(join(dir, 'nowhere.key'), join(dir, 'other.db.key'));
    expect((await cli('key', 'generate', '--store', 'sqlite:other.db', '--token', 't3', '--out', 't3.pem')).stderr).toMatch(
      /^error VAULT_KEY_FILE_INSECURE: /,
    );
    expect(existsSync(join(dir, 'other.db'))).toBe(false);
    expect(existsSync(join(dir, 'nowhere.key'))).toBe(false);
  });

  it('--out never writes through a symbolic link, with --force or dangling, and records nothing then', async () => {
    expect((await cli('key', 'generate', '--token', 't1', '--out', 't1.pem')).code).toBe(0);
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    symlinkSync(join(dir, 'precious.txt'), join(dir, 'link.pem'));
    const forced = await cli('key', 'generate', '--token', 't2', '--out', 'link.pem', '--force');
    expect(forced).toMatchObject({ code: 2, stdout: '' });
    expect(forced.stderr).toMatch(/^error FILE_IS_LINK: link\.pem is a symbolic link/);
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');

    symlinkSync(join(dir, 'made-elsewhere.pem'), join(dir, 'dangling.pem'));
    expect((await cli('key', 'generate', '--token', 't3', '--out', 'dangling.pem')).stderr).toMatch(/^error FILE_IS_LINK: /);
    expect(existsSync(join(dir, 'made-elsewhere.pem'))).toBe(false);
    expect(json<{ tokenId: string }[]>(await cli('tokens', '--json')).map((t) => t.tokenId)).toEqual(['t1']);
  });

  it('an input file is read up to a limit: a huge or endless one is one line, nothing recorded', async () => {
    expect((await cli('key', 'generate', '--token', 't1', '--out', 't1.pem')).code).toBe(0);
    writeFileSync(join(dir, 'huge.p7m'), Buffer.alloc(2 * 1024 * 1024, 'A'));
    const huge = await cli(
      'token',
      'upload',
      '--token',
      't1',
      '--file',
      'huge.p7m',
      '--apple-id',
      'a@b.example',
      '--apple-url',
      'http://127.0.0.1:9',
    );
    expect(huge).toMatchObject({ code: 2, stdout: '' });
    expect(huge.stderr).toMatch(/^error FILE_TOO_LARGE: The server token file huge\.p7m is larger than 1048576 bytes/);
    const endless = await cli('profile', 'define', 'corp', '--token', 't1', '--settings', '/dev/zero');
    expect(endless.code).toBe(2);
    expect(endless.stderr).toMatch(/^error FILE_UNREADABLE: /);
    expect(json<{ tokenId: string; stage: string }[]>(await cli('tokens', '--json'))).toMatchObject([
      { tokenId: 't1', stage: 'key_issued' },
    ]);
  });
});
