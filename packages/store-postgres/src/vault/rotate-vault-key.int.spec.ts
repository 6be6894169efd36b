import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  nextKeyFilePath,
  openPostgresStore,
  postgresStoreErrorCodes,
  rotatePostgresVaultKey,
  type OpenPostgresStoreOptions,
  type PostgresStore,
} from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, onTestServer, testServerUrl } from '../testing/test-server';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const keyText = () => randomBytes(32).toString('base64');
const keyOf = (text: string) => Buffer.from(text, 'base64');
const codeOf = (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => undefined,
    (error: { code?: string }) => error.code ?? String(error),
  );

type Row = { ref: string; nonce: Buffer | null; ciphertext: Buffer | null; auth_tag: Buffer | null; key_id: Buffer | null };

describeWithPostgres('PostgreSQL vault key rotation', () => {
  let schema: string;
  let directory: string;
  const opened: PostgresStore[] = [];
  const open = async (options: Partial<OpenPostgresStoreOptions> = {}) => {
    const store = await openPostgresStore({ url: testServerUrl, schema, env: {}, maxConnections: 2, ...options });
    opened.push(store);
    return store;
  };
  const rows = async (): Promise<Row[]> =>
    (
      await onTestServer((client) =>
        client.query<Row>(`SELECT ref, nonce, ciphertext, auth_tag, key_id FROM "${schema}".vault_entries ORDER BY ref`),
      )
    ).rows;

  beforeEach(() => {
    schema = freshSchemaName('dlrotate');
    directory = mkdtempSync(join(tmpdir(), 'depledger-pg-rotate-'));
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await dropSchemas(schema);
    rmSync(directory, { recursive: true, force: true });
  });

  it('re-encrypts every entry under the new key: the new key alone opens everything, references stay, the old key is refused', async () => {
    const oldKey = keyText();
    const first = await open({ vaultKey: oldKey });
    const secrets = new Map<string, string>();
    for (let i = 0; i < 30; i += 1) {
      const value = `secret-${i}-${randomBytes(8).toString('hex')}`;
      secrets.set(await first.vault.putSecret('oauth-secrets', value), value);
    }
    const person = await first.vault.refForPersonalData('apple-id', 'Alice@Example.org');
    const forgotten = await first.vault.putSecret('oauth-secrets', 'gone');
    await first.vault.forget(forgotten);
    const before = await rows();

    const newKey = keyText();
    await first.vault.rotateKey(keyOf(newKey));

    const after = await rows();
    expect(after.map((r) => r.ref)).toEqual(before.map((r) => r.ref));
    for (const [i, row] of after.entries()) {
      if (row.ref === forgotten) {
        expect(row).toMatchObject({ nonce: null, ciphertext: null, key_id: null });
        continue;
      }
      expect(row.ciphertext?.equals(before[i]?.ciphertext as Buffer)).toBe(false);
      expect(row.key_id?.equals(before[i]?.key_id as Buffer)).toBe(false);
    }
    expect(new Set(after.filter((r) => r.key_id !== null).map((r) => r.key_id?.toString('hex'))).size).toBe(1);

    // a node started afterwards with only the new key
    const fresh = await open({ vaultKey: newKey });
    for (const [ref, value] of secrets) expect(await fresh.vault.reveal(ref)).toBe(value);
    expect(await fresh.vault.reveal(person)).toBe('Alice@Example.org');
    expect(await fresh.vault.reveal(forgotten)).toBeNull();
    expect(await fresh.vault.refForPersonalData('apple-id', 'alice@example.org')).toBe(person);
    // the rotating node goes on with the new key too
    expect(await first.vault.reveal(person)).toBe('Alice@Example.org');
    const later = await first.vault.putSecret('oauth-secrets', 'later');
    expect(await fresh.vault.reveal(later)).toBe('later');

    expect(await codeOf(open({ vaultKey: oldKey }))).toBe(postgresStoreErrorCodes.vaultKeyMismatch);
  });

  it('leaves a node still on the old key unable to read or write anything, with VAULT_KEY_ROTATED rather than a wrong value', async () => {
    const oldKey = keyText();
    const rotating = await open({ vaultKey: oldKey });
    const other = await open({ vaultKey: oldKey });
    const ref = await other.vault.putSecret('private-key', 'pem');
    const person = await other.vault.refForPersonalData('apple-id', 'bob@example.org');
    await rotating.vault.rotateKey(keyOf(keyText()));

    expect(await codeOf(other.vault.reveal(ref))).toBe(postgresStoreErrorCodes.vaultKeyRotated);
    expect(await codeOf(other.vault.putSecret('private-key', 'pem'))).toBe(postgresStoreErrorCodes.vaultKeyRotated);
    expect(await codeOf(other.vault.refForPersonalData('apple-id', 'carol@example.org'))).toBe(postgresStoreErrorCodes.vaultKeyRotated);
    // an existing person's reference is still the same one
    expect(await other.vault.refForPersonalData('apple-id', 'bob@example.org')).toBe(person);
    expect((await rows()).length).toBe(2);
  });

  it('changes nothing when it fails at its last step: every entry stays under the old key, which still opens them', async () => {
    const oldKey = keyText();
    const store = await open({ vaultKey: oldKey });
    const refs = [];
    for (let i = 0; i < 20; i += 1) refs.push(await store.vault.putSecret('oauth-secrets', `value-${i}`));
    const before = await rows();
    // The fingerprint is written after every entry: make that write fail.
    await onTestServer((client) =>
      client.query(`
        CREATE FUNCTION "${schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$;
        CREATE TRIGGER refuse BEFORE UPDATE ON "${schema}".vault_settings FOR EACH ROW EXECUTE FUNCTION "${schema}".refuse();`),
    );
    const newKey = keyText();
    await expect(store.vault.rotateKey(keyOf(newKey))).rejects.toThrow('forced failure');

    expect(await rows()).toEqual(before);
    for (const [i, ref] of refs.entries()) expect(await store.vault.reveal(ref)).toBe(`value-${i}`);
    const again = await open({ vaultKey: oldKey });
    expect(await again.vault.reveal(refs[0] as string)).toBe('value-0');
    expect(await codeOf(open({ vaultKey: newKey }))).toBe(postgresStoreErrorCodes.vaultKeyMismatch);
  });

  it('keeps other nodes consistent while it runs: each entry read whole under the old key or refused, none written under the old key after', async () => {
    const oldKey = keyText();
    const rotating = await open({ vaultKey: oldKey, maxConnections: 4 });
    const known = new Map<string, string>();
    for (let start = 0; start < 1500; start += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const value = `v-${start + i}`;
          return [await rotating.vault.putSecret('oauth-secrets', value), value] as const;
        }),
      );
      for (const [ref, value] of batch) known.set(ref, value);
    }
    const other = await open({ vaultKey: oldKey, maxConnections: 4 });
    const refs = [...known.keys()];
    const seen = { read: 0, written: 0, refused: 0 };
    const writtenByOther = new Map<string, string>();
    let rotated = false;
    let afterRotation = 0;
    let firstRound: () => void = () => undefined;
    const startedReading = new Promise<void>((resolve) => (firstRound = resolve));
    const busy = (async () => {
      for (let i = 0; afterRotation < 3; i += 1) {
        if (rotated) afterRotation += 1;
        const ref = refs[i % refs.length] as string;
        const read = await other.vault.reveal(ref).then(
          (value) => ({ value }),
          (error: { code?: string }) => ({ code: error.code }),
        );
        if ('value' in read) {
          expect(read.value).toBe(known.get(ref));
          seen.read += 1;
        } else {
          expect(read.code).toBe(postgresStoreErrorCodes.vaultKeyRotated);
          seen.refused += 1;
        }
        const value = `w-${i}`;
        const write = await other.vault.putSecret('oauth-secrets', value).then(
          (written) => ({ written }),
          (error: { code?: string }) => ({ code: error.code }),
        );
        if ('written' in write) {
          writtenByOther.set(write.written, value);
          seen.written += 1;
        } else expect(write.code).toBe(postgresStoreErrorCodes.vaultKeyRotated);
        firstRound();
      }
    })();
    await startedReading;
    const newKey = keyText();
    await rotating.vault.rotateKey(keyOf(newKey));
    rotated = true;
    await busy;

    expect(seen.read).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
    // everything, including what the other node wrote while the rotation ran, opens with the new key alone
    const fresh = await open({ vaultKey: newKey, maxConnections: 4 });
    for (const [ref, value] of [...known, ...writtenByOther]) expect(await fresh.vault.reveal(ref)).toBe(value);
    const keyIds = new Set((await rows()).map((r) => r.key_id?.toString('hex')));
    expect(keyIds.size).toBe(1);
  });

  it('with a key file: replaces it (mode 0600) and leaves no pending file; a rotation cut off before the rename is finished on the next opening', async () => {
    const keyFile = join(directory, 'vault.key');
    const store = await open({ keyFile });
    const ref = await store.vault.putSecret('private-key', 'pem');
    const oldKey = readFileSync(keyFile, 'utf8');

    expect(await rotatePostgresVaultKey(store)).toEqual({ source: 'key-file', keyFile });
    const rotatedKey = readFileSync(keyFile, 'utf8');
    expect(rotatedKey).not.toBe(oldKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(nextKeyFilePath(keyFile))).toBe(false);
    expect(await (await open({ keyFile })).vault.reveal(ref)).toBe('pem');

    // the database rotated, then the process died before renaming the new key file over the old one
    const newKey = keyText();
    writeFileSync(nextKeyFilePath(keyFile), `${newKey}\n`, { mode: 0o600 });
    await store.vault.rotateKey(keyOf(newKey));
    const reopened = await open({ keyFile });
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(newKey);
    expect(existsSync(nextKeyFilePath(keyFile))).toBe(false);
    expect(await reopened.vault.reveal(ref)).toBe('pem');
  });

  it('with a key file, removes the pending key when the rotation fails, and asks for the new key with any other source', async () => {
    const keyFile = join(directory, 'vault.key');
    const store = await open({ keyFile });
    const oldKey = readFileSync(keyFile, 'utf8');
    await onTestServer((client) =>
      client.query(`
        CREATE FUNCTION "${schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$;
        CREATE TRIGGER refuse BEFORE UPDATE ON "${schema}".vault_settings FOR EACH ROW EXECUTE FUNCTION "${schema}".refuse();`),
    );
    await expect(rotatePostgresVaultKey(store)).rejects.toThrow('forced failure');
    expect(readFileSync(keyFile, 'utf8')).toBe(oldKey);
    expect(existsSync(nextKeyFilePath(keyFile))).toBe(false);

    const fromEnvironment = await open({ env: { DEPLEDGER_VAULT_KEY: oldKey.trim() } });
    expect(await codeOf(rotatePostgresVaultKey(fromEnvironment))).toBe(postgresStoreErrorCodes.vaultKeyMissing);
  });
});
