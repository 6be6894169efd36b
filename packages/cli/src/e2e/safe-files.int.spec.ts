import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, cliIn, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';

jest.setTimeout(90_000);

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
});
