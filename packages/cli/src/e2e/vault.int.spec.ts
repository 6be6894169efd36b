import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { buildCli, cliIn, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';
import { uploadSimulatedToken } from '../test-support/simulated-token';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

describe('depledger vault rotate-key', () => {
  const sim = createAppleSimulator({ seed: 23 });
  let dir = '';
  let cli: Cli;
  let url = '';

  beforeAll(async () => {
    buildCli();
    ({ url } = await sim.start());
  }, 60_000);
  afterAll(() => sim.stop());
  beforeEach(() => {
    dir = tempDir('vault');
    cli = cliIn(dir);
  });
  afterEach(() => removeDir(dir));

  it('replaces the key file; the store works on, and a backup from before does not open with the new key', async () => {
    await uploadSimulatedToken(cli, sim, url, 'paris', 2);
    copyFileSync(join(dir, 'depledger.db'), join(dir, 'backup.db'));
    const oldKey = readFileSync(join(dir, 'depledger.db.key'), 'utf8');

    const rotated = await cli('vault', 'rotate-key', '--json');
    expect(rotated.code).toBe(0);
    expect(json(rotated)).toEqual({ rotated: true, source: 'key-file', keyFile: join(dir, 'depledger.db.key') });
    const newKey = readFileSync(join(dir, 'depledger.db.key'), 'utf8');
    expect(newKey).not.toBe(oldKey);
    expect(existsSync(join(dir, 'depledger.db.key.next'))).toBe(false);

    // The OAuth secrets are still readable: Apple is asked with them.
    expect((await cli('token', 'verify', '--token', 'paris', '--apple-url', url)).code).toBe(0);
    copyFileSync(join(dir, 'depledger.db.key'), join(dir, 'backup.db.key'));
    expect((await cli('tokens', '--store', 'sqlite:backup.db')).stderr).toMatch(/^error VAULT_KEY_MISMATCH: /);
  });

  it('with DEPLEDGER_VAULT_KEY, takes the new key from DEPLEDGER_NEW_VAULT_KEY, and says so when it is missing', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const withOld = cliIn(dir, { DEPLEDGER_VAULT_KEY: oldKey });
    expect((await withOld('key', 'generate', '--token', 'lyon', '--out', 'lyon.pem')).code).toBe(0);
    expect(await withOld('vault', 'rotate-key')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error INVALID_INPUT: .*DEPLEDGER_NEW_VAULT_KEY/),
    });

    const newKey = randomBytes(32).toString('base64');
    const rotated = await cliIn(dir, { DEPLEDGER_VAULT_KEY: oldKey, DEPLEDGER_NEW_VAULT_KEY: newKey })('vault', 'rotate-key');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('Put the key from DEPLEDGER_NEW_VAULT_KEY in DEPLEDGER_VAULT_KEY now');
    expect((await withOld('tokens')).stderr).toMatch(/^error VAULT_KEY_MISMATCH: /);
    expect((await cliIn(dir, { DEPLEDGER_VAULT_KEY: newKey })('tokens')).code).toBe(0);
  });
});
