import { openSqliteStore } from '@depledger/store-sqlite';
import { rawDatabaseBytes } from '../../../store-sqlite/src/testing/raw-bytes';
import { cliIn, json, removeDir, tempDir } from '../test-support/cli-process';
import { foreignWord } from '../test-support/one-language';
import { simulatedCli, uploadSimulatedToken } from '../test-support/simulated-token';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

type Listed = { serial: string; tokenId: string }[] | { devices: { serial: string; tokenId: string }[] };
const serialsOf = (listed: Listed): string[] => (Array.isArray(listed) ? listed : listed.devices).map((d) => d.serial).sort();

/**
 * Issue 23 through the binary: `--tenant` (or DEPLEDGER_TENANT) is given once per command and every
 * step works inside that organisation. Two organisations share one SQLite file, each with a token
 * `paris`; each sees its own devices only, and the default tenant's streams keep their names.
 */
describe('--tenant: organisations sharing one store, through the binary', () => {
  const started = simulatedCli('tenants', { seed: 23, token: { id: 'paris', devices: 3 } });
  // acme's administrator works in a directory of their own (their key files), on the same store
  const acmeDir = tempDir('tenants-acme');
  const acme = cliIn(acmeDir, { DEPLEDGER_TENANT: 'acme', DEPLEDGER_STORE: `sqlite:${started.db}` });
  afterAll(() => removeDir(acmeDir));
  let acmeSerials: string[] = [];

  beforeAll(async () => {
    const serverId = await uploadSimulatedToken(acme, started.sim, started.url, 'paris', 2);
    acmeSerials = started.sim.devices
      .list({ serverId })
      .map((d) => d.serial_number)
      .sort();
  });

  it('syncs and lists each organisation’s devices apart, under the same token id', async () => {
    for (const cli of [started.cli, acme])
      expect((await cli('sync', '--token', 'paris', '--full', '--apple-url', started.url, '--json')).code).toBe(0);
    const mine = serialsOf(json<Listed>(await started.cli('devices', '--json')));
    const theirs = serialsOf(json<Listed>(await acme('devices', '--json')));
    expect(mine).toHaveLength(3);
    expect(theirs).toEqual(acmeSerials);
    expect(mine.filter((s) => theirs.includes(s))).toEqual([]);
    const viaOption = serialsOf(json<Listed>(await started.cli('--tenant', 'acme', 'devices', '--json')));
    expect(viaOption).toEqual(theirs);
    expect(serialsOf(json<Listed>(await started.cli('--tenant', 'globex', 'devices', '--json')))).toEqual([]);

    const store = openSqliteStore({ path: started.db, env: {} });
    try {
      const names = new Set<string>();
      for await (const event of store.events.readAll()) names.add(event.streamName);
      expect(names).toContain('dep-token-paris');
      expect(names).toContain('tenant-acme~dep-token-paris');
      for (const serial of theirs) expect(names).toContain(`tenant-acme~dep-device-${serial}`);
    } finally {
      await store.close();
    }
  });

  it('the operator lists the organisations and forgets one: nothing of its vault is left in the file, its devices still list', async () => {
    const listed = json<{ tenants: { tenant: string; entries: number; forgottenAt: string | null }[] }>(
      await started.cli('tenant', 'list', '--json'),
    );
    expect(listed.tenants).toEqual([expect.objectContaining({ tenant: 'acme', forgottenAt: null })]);
    const entries = listed.tenants[0]?.entries ?? 0;
    expect(entries).toBeGreaterThan(0);

    const unconfirmed = await started.cli('--lang', 'en', 'tenant', 'forget', 'acme');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--confirm');
    const byTenant = await acme('tenant', 'forget', 'acme', '--confirm', '--json');
    expect(byTenant.code).toBe(1);
    expect(byTenant.stdout + byTenant.stderr).toContain('TENANT_SCOPE_VIOLATION');

    const store = openSqliteStore({ path: started.db, env: {} });
    let sealed: Buffer[];
    try {
      const rows = store.database.connection
        .prepare<[], { ciphertext: Buffer; wrapped_key: Buffer }>("SELECT ciphertext, wrapped_key FROM vault_entries WHERE tenant = 'acme'")
        .all();
      const key = store.database.connection
        .prepare<[], Buffer>("SELECT wrapped_key FROM vault_tenant_keys WHERE tenant = 'acme'")
        .pluck()
        .get();
      sealed = [...rows.flatMap((row) => [row.ciphertext, row.wrapped_key]), key as Buffer];
    } finally {
      await store.close();
    }
    expect(sealed).toHaveLength(entries * 2 + 1);
    expect(sealed.filter((bytes) => rawDatabaseBytes(started.db).includes(bytes))).toHaveLength(sealed.length);

    const forgotten = await started.cli('tenant', 'forget', 'acme', '--confirm', '--json');
    expect(forgotten.code).toBe(0);
    expect(json(forgotten)).toEqual({ tenant: 'acme', entriesErased: entries, forgottenAt: expect.any(String), alreadyForgotten: false });
    const bytes = rawDatabaseBytes(started.db);
    expect(sealed.filter((b) => bytes.includes(b))).toEqual([]);

    expect(serialsOf(json<Listed>(await acme('devices', '--json')))).toEqual(acmeSerials); // its events replay
    const refused = await acme('key', 'generate', '--token', 'lyon', '--out', 'lyon.pem', '--json');
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('TENANT_FORGOTTEN');
    const again = await started.cli('--lang', 'en', 'tenant', 'forget', 'acme', '--confirm');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('was forgotten already');
    for (const lang of ['fr', 'en'] as const) {
      for (const args of [
        ['tenant', 'list'],
        ['tenant', 'forget', 'acme', '--confirm'],
        ['tenant', 'forget', 'acme'],
      ]) {
        const said = await started.cli('--lang', lang, ...args);
        expect([args.join(' '), foreignWord(said, lang)]).toEqual([args.join(' '), null]);
      }
    }
    const defaultTenant = await started.cli('tenant', 'forget', 'default', '--confirm', '--json');
    expect(defaultTenant.code).toBe(1);
    expect(defaultTenant.stdout + defaultTenant.stderr).toContain('TENANT_NOT_FORGETTABLE');
  });

  it('refuses a tenant id that is not one, as bad input', async () => {
    const refused = await started.cli('--tenant', 'Acme Corp', 'devices', '--json');
    expect(refused.code).toBe(2);
    expect(refused.stdout + refused.stderr).toContain('TENANT_ID_INVALID');
  });
});
