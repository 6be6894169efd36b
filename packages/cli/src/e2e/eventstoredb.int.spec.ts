import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { startEventStoreDbStandIn, type EventStoreDbStandIn } from '@depledger/store-eventstoredb';
import { buildCli, cliIn, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/**
 * `--store esdb://…` through the binary, against the EventStoreDB adapter's in-process stand-in
 * (a gRPC server speaking the client's own service definitions — not EventStoreDB itself). The
 * vault and the read models stay in the local `--vault` file.
 */
describe('depledger on an EventStoreDB store', () => {
  const sim = createAppleSimulator({ seed: 9 });
  const dir = tempDir('esdb');
  let standIn: EventStoreDbStandIn | undefined;
  let cli: Cli;
  let url = '';

  beforeAll(async () => {
    buildCli();
    ({ url } = await sim.start());
    const started = await startEventStoreDbStandIn();
    standIn = started;
    const base = cliIn(dir);
    cli = Object.assign((...args: string[]) => base(...args, '--store', started.connectionString), { dir });
  }, 60_000);

  afterAll(async () => {
    removeDir(dir);
    await standIn?.stop();
    await sim.stop();
  });

  it('generates the key, uploads the token, syncs and lists the devices', async () => {
    expect(await cli('devices')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^error STORE_NOT_FOUND: The vault file .*depledger-vault\.db/),
    });
    expect((await cli('key', 'generate', '--token', 'paris', '--out', 'paris.pem')).code).toBe(0);
    expect(existsSync(join(dir, 'depledger-vault.db'))).toBe(true);
    expect(existsSync(join(dir, 'depledger.db'))).toBe(false);
    const server = json<{ serverId: string }>(
      await cli('simulator', 'portal', 'add-server', '--pem', 'paris.pem', '--out', 'paris.p7m', '--simulator-url', url, '--json'),
    );
    sim.devices.seed({ count: 5, serverId: server.serverId });
    expect(
      (await cli('token', 'upload', '--token', 'paris', '--file', 'paris.p7m', '--apple-id', 'alice@contoso.example', '--apple-url', url))
        .code,
    ).toBe(0);
    const sync = await cli('sync', '--token', 'paris', '--full', '--apple-url', url, '--lang', 'fr');
    expect(sync.stdout).toContain('Synchronisation terminée pour paris : complète');
    const devices = json<{ statusLabel: string }[]>(await cli('devices', '--json', '--lang', 'fr'));
    expect(devices).toHaveLength(5);
    expect(devices.every((d) => d.statusLabel === 'Non contacté')).toBe(true);
  });

  it('a failed first command never deletes a vault key it did not create', async () => {
    const vaultArgs = ['--vault', 'first.db'];
    expect((await cli('key', 'generate', '--token', 'nice', '--out', 'nice.pem', ...vaultArgs)).code).toBe(0);
    const key = readFileSync(join(dir, 'first.db.key'), 'utf8');
    renameSync(join(dir, 'first.db'), join(dir, 'first.db.bak'));
    expect((await cli('key', 'generate', '--token', 'bad id!', '--out', 'bad.pem', ...vaultArgs)).stderr).toMatch(/^error INVALID_INPUT: /);
    expect(existsSync(join(dir, 'first.db'))).toBe(false);
    expect(readFileSync(join(dir, 'first.db.key'), 'utf8')).toBe(key);
    renameSync(join(dir, 'first.db.bak'), join(dir, 'first.db'));
    expect((await cli('tokens', ...vaultArgs)).code).toBe(0);
  });

  it('an EventStoreDB that cannot be reached is one line, without the password', async () => {
    const r = await cliIn(dir)('devices', '--store', 'esdb://admin:changeit@127.0.0.1:9?tls=false');
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error EVENTSTOREDB_UNAVAILABLE: Could not reach EventStoreDB at esdb:\/\/admin:\*\*\*@127\.0\.0\.1:9/);
    expect(r.stderr).not.toContain('changeit');
  });

  it('a password with / or @ in it is never printed', async () => {
    const empty = tempDir('esdb-empty');
    try {
      for (const password of ['pa/ss', 'p@ss']) {
        const r = await cliIn(empty)('devices', '--store', `esdb://admin:${password}@127.0.0.1:9?tls=false`);
        expect(r.stderr).toMatch(/^error STORE_NOT_FOUND: /);
        expect(r.stderr).not.toContain(password);
        expect(r.stderr).not.toContain('ss@');
      }
    } finally {
      removeDir(empty);
    }
  });
});
