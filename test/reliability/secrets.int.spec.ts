import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { appleGateway, createAppleTokenPki, createBusinessGateway, type AppleClientEvent } from '@depledger/apple';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, isVaultRef, type Depledger } from '@depledger/core';
import { builtInProjections, createProjectionRunner, deviceTimeline, listDevices } from '@depledger/projections';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';
import pino from 'pino';
import { errorText, leaks, readModelDocuments, scratch, storedEventTexts } from './support';

/**
 * Issue 10, "Secrets and personal data": the Intune walk-through against the simulator into a
 * SQLite file (key in the key file beside it), then every stored event, read-model document, log
 * line, console output and error is scanned for the OAuth secrets, the access token, the private
 * key and every e-mail. Forgetting a person makes them unreadable and changes no other fact; the
 * database file copied alone reveals nothing.
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const cli = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'bin.js');
const ADMIN = 'alice@contoso.example';
const PORTAL_ADMIN = 'bob.portal@contoso.example';
const USER = 'jeanne.martin@contoso.example';
const readModelNames = builtInProjections.map((p) => p.name);

describe('secrets and personal data through the whole walk-through', () => {
  const tmp = scratch('secrets');
  const dbPath = tmp.file('depledger.db');
  const simulator = createAppleSimulator();
  const logLines: string[] = [];
  /** What createDepledger's logger hook wrote, through a real pino at debug level. */
  const depledgerLog: string[] = [];
  const output: string[] = [];
  const errors: unknown[] = [];
  let db: SqliteStore;
  let depledger: Depledger;
  let mdm: Server;
  let enrollUrl = '';
  let secrets: string[] = [];
  let serials: string[] = [];
  const restore: (() => void)[] = [];

  const capture = () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest
        .spyOn(console, method)
        .mockImplementation(
          (...args: unknown[]) => void output.push(args.map((a) => (typeof a === 'string' ? a : errorText(a))).join(' ')),
        );
      restore.push(() => spy.mockRestore());
    }
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return write(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => (stream.write = write));
    }
  };

  /** Runs a step that must fail, keeping its error for the scan. */
  const refused = async (step: Promise<unknown>): Promise<unknown> => {
    const error = await step.then(
      () => new Error('expected a refusal'),
      (e: unknown) => e,
    );
    errors.push(error);
    return error;
  };

  beforeAll(async () => {
    capture();
    const { url } = await simulator.start(0, '127.0.0.1');
    // The key file is created beside the database (mode 0600): the default, no key given.
    db = openSqliteStore({ path: dbPath, env: {} });
    const gateway = appleGateway({
      baseUrl: url,
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
      observe: (event: AppleClientEvent) => void logLines.push(JSON.stringify(event)),
    });
    const business = createBusinessGateway({
      vault: db.vault,
      baseUrl: url,
      tokenUrl: `${url}/auth/oauth2/v2/token`,
      now: () => simulator.clock.nowMs(),
      pollIntervalMs: 25,
      observe: (event) => void logLines.push(JSON.stringify(event)),
    });
    const logger = pino({ level: 'debug' }, { write: (line: string) => void depledgerLog.push(line) });
    depledger = createDepledger({
      store: db.events,
      gateway,
      vault: db.vault,
      pki: createAppleTokenPki(),
      clock: simulator.clock,
      pageLimit: 5,
      logger,
      business,
    });
    mdm = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const { serial_number: serial } = JSON.parse(body) as { serial_number: string };
        depledger.devices.recordEnrollment(serial, { user: USER }).then(
          () => response.writeHead(200).end(),
          (error: unknown) => {
            errors.push(error);
            response.writeHead(500).end();
          },
        );
      });
    });
    await new Promise<void>((resolve) => mdm.listen(0, '127.0.0.1', resolve));
    enrollUrl = `http://127.0.0.1:${(mdm.address() as AddressInfo).port}/enroll`;
  });

  afterAll(async () => {
    for (const undo of restore.reverse()) undo();
    await simulator.stop();
    await new Promise((resolve) => mdm.close(resolve));
    await db.close().catch(() => undefined);
    tmp.remove();
  });

  it('keeps every secret and e-mail out of events, read models, logs, output and errors', async () => {
    const key = await depledger.tokens.generateKey('paris', { actor: 'admin:alice' });
    const issued = simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: key.certificatePem, adminId: ADMIN });
    await depledger.tokens.upload('paris', issued.p7m as string, { appleId: ADMIN, actor: 'admin:alice' });
    await depledger.profiles.define(
      'corp',
      'paris',
      { name: 'Contoso iPhones', url: enrollUrl, userAffinity: true, skipSetupItems: ['Siri'] },
      { actor: 'admin:alice' },
    );
    await depledger.profiles.publish('corp', { actor: 'admin:alice' });
    await depledger.tokens.setDefaultProfile('paris', 'corp', { actor: 'admin:alice' });
    serials = simulator.devices.seed({ count: 12, seed: 11 });
    // Assigned at the portal by an administrator whose e-mail Apple reports in each device record.
    simulator.portal.assignDevices(issued.serverId, { serials: serials.slice(0, 10) }, PORTAL_ADMIN);
    // Sessions expire every few requests and some answers are 503: renewals and retries are logged.
    simulator.faults.set({ sessionExpiryEveryRequests: 3, serverErrors: { share: 0.15, status: 503, seed: 3 } });
    const run = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
    simulator.faults.reset();
    expect(run.status).toBe('completed');
    for (const serial of serials.slice(0, 3)) expect(await simulator.devices.powerOn(serial)).toMatchObject({ pushed: true, status: 200 });
    simulator.portal.assignDevices(issued.serverId, { serials: serials.slice(10) }, PORTAL_ADMIN);
    expect(await depledger.sync.run('paris', { kind: 'incremental', trigger: 'schedule' })).toMatchObject({ status: 'completed' });

    // Refusals and failures produce errors: each is scanned.
    const other = createAppleTokenPki().generateKey({ commonName: 'other', now: new Date() });
    const wrong = simulator.portal.addMdmServer({ name: 'Lyon MDM', certificatePem: other.certificatePem, adminId: ADMIN });
    await depledger.tokens.generateKey('lyon');
    expect(await refused(depledger.tokens.upload('lyon', wrong.p7m as string, { appleId: ADMIN }))).toMatchObject({
      code: 'SERVER_TOKEN_UNUSABLE',
    }); // the default answer: the same for a wrong key or a damaged file
    const staged = await depledger.tokens.generateKey('paris', { renew: true });
    const renewal = simulator.portal.renewToken(issued.serverId, staged.certificatePem);
    expect(await refused(depledger.tokens.upload('paris', renewal.p7m as string, { appleId: 'mallory@contoso.example' }))).toMatchObject({
      code: 'RENEWAL_APPLE_ID_MISMATCH',
    });
    await refused(depledger.tokens.upload('paris', Buffer.from('not a p7m at all'), { appleId: ADMIN }));
    await refused(depledger.devices.recordEnrollment('not a serial!', { user: USER }));
    await refused(depledger.profiles.define('bad', 'paris', { name: '', url: 'ftp://x', supportEmail: 'nope' }, { actor: 'admin:alice' }));
    // Apple refusing the session (revoked token): a failed run, a rejected token.
    simulator.portal.revokeToken(issued.serverId);
    const rejected = await depledger.sync.run('paris', { kind: 'incremental', trigger: 'manual' });
    errors.push(rejected);
    // Step 6 through the Business API: the API account's private key joins the scan.
    const apiAccount = simulator.business.addApiAccount({ name: 'secrets' });
    expect(
      await refused(
        depledger.business.connect({ clientId: apiAccount.clientId, keyId: 'wrong-key-id', privateKeyPem: apiAccount.privateKeyPem }),
      ),
    ).toMatchObject({ code: 'BUSINESS_AUTH_REFUSED' });
    await refused(
      depledger.business.connect({
        clientId: apiAccount.clientId,
        keyId: apiAccount.keyId,
        privateKeyPem: apiAccount.privateKeyPem.replace(/[A-Za-z]{40}/, 'x'),
      }),
    );
    await depledger.business.connect({ clientId: apiAccount.clientId, keyId: apiAccount.keyId, privateKeyPem: apiAccount.privateKeyPem });
    await depledger.business.refreshInventory({ appleCare: true });
    const viaApi = await depledger.business.assign({ serverId: issued.serverId, serials: simulator.devices.seed({ count: 2, seed: 12 }) });
    expect(viaApi.failed).toEqual([]);
    const apiKeyLines = apiAccount.privateKeyPem.split('\n').filter((line) => line.length >= 40);
    expect(apiKeyLines.length).toBeGreaterThan(0);

    const token = await depledger.tokens.state('paris');
    if (token.status !== 'active') throw new Error(`token paris is ${token.status}`);
    const privateKeys = await Promise.all(Object.values(token.keys).map((k) => db.vault.reveal(k.privateKeyRef)));
    const pemBodies = privateKeys.flatMap((pem) => (pem ?? '').split('\n').filter((line) => line.length >= 40));
    expect(pemBodies.length).toBeGreaterThan(3); // the scan looks for real key material
    secrets = [
      issued.credentials.consumer_secret,
      issued.credentials.access_secret,
      issued.credentials.access_token,
      renewal.credentials.consumer_secret,
      renewal.credentials.access_secret,
      renewal.credentials.access_token,
      ...pemBodies,
      ...apiKeyLines,
      'PRIVATE KEY',
    ];
    const people = [ADMIN, PORTAL_ADMIN, USER, 'mallory@contoso.example'];

    const runner = createProjectionRunner({ eventStore: db.events, readModels: db.readModels, projections: builtInProjections });
    await runner.catchUp();
    const events = await storedEventTexts(db.events);
    const docs = await readModelDocuments(db.readModels, readModelNames);
    expect(events.length).toBeGreaterThan(40);
    expect(docs.size).toBeGreaterThan(12);
    const timelines = await Promise.all(serials.map((s) => deviceTimeline(db.events, s, { lang: 'en' })));
    const devices = await listDevices(db.readModels, { tokenId: 'paris', lang: 'en' });
    expect(devices.filter((d) => d.status === 'enrolled')).toHaveLength(3);
    expect(logLines.length).toBeGreaterThan(0);
    // the logger hook told the whole story (so the scan below reads real log lines)
    const logged = depledgerLog.map((line) => JSON.parse(line) as { msg: string });
    for (const message of [
      'events appended',
      'apple call',
      'apple call failed',
      'sync run completed',
      'sync run failed',
      'token rejected by Apple',
    ]) {
      expect(logged.map((l) => l.msg)).toContain(message);
    }

    const places: Record<string, string> = {
      events: events.join('\n'),
      readModels: JSON.stringify([...docs]),
      timelines: JSON.stringify(timelines),
      deviceList: JSON.stringify(devices),
      logLines: logLines.join('\n'),
      depledgerLog: depledgerLog.join('\n'),
      output: output.join('\n'),
      errors: errors.map(errorText).join('\n'),
    };
    const found = Object.entries(places).flatMap(([place, text]) =>
      leaks(text, [...secrets, ...people]).map((needle) => `${place}: ${needle.slice(0, 24)}…`),
    );
    expect(found).toEqual([]);
    // …and the scan would see them: the vault holds every one of them.
    expect(await db.vault.reveal(token.appleIdRef)).toBe(ADMIN);
  });

  it('keeps user affinity and administrators as vault references; forgetting them erases them everywhere and changes no other fact', async () => {
    const enrolled: { serial: string; userRef: unknown }[] = [];
    const assignedBy = new Set<unknown>();
    for await (const e of db.events.readAll({ streamPrefixes: ['dep-device-'] })) {
      const data = e.data as { serial: string; userRef?: unknown; details?: { assignedByRef?: unknown } };
      if (e.type.startsWith('DeviceEnrolled')) enrolled.push({ serial: data.serial, userRef: data.userRef });
      if (data.details?.assignedByRef !== undefined) assignedBy.add(data.details.assignedByRef);
    }
    expect(enrolled).toHaveLength(3);
    const userRef = enrolled[0]!.userRef as string;
    expect(enrolled.every((e) => e.userRef === userRef && isVaultRef(e.userRef))).toBe(true);
    expect([...assignedBy]).toHaveLength(1);
    const adminRef = [...assignedBy][0] as string;
    expect(isVaultRef(adminRef)).toBe(true);
    expect(await db.vault.reveal(userRef)).toBe(USER);
    expect(await db.vault.reveal(adminRef)).toBe(PORTAL_ADMIN);

    const runner = createProjectionRunner({ eventStore: db.events, readModels: db.readModels, projections: builtInProjections });
    await runner.catchUp();
    const eventsBefore = await storedEventTexts(db.events);
    const docsBefore = await readModelDocuments(db.readModels, readModelNames);
    const timelinesBefore = await Promise.all(serials.map((s) => deviceTimeline(db.events, s, { lang: 'en' })));
    const historyBefore = execFileSync(process.execPath, [cli, 'history', serials[0]!, '--store', `sqlite:${dbPath}`, '--lang', 'en'], {
      encoding: 'utf8',
      env: { ...process.env, DEPLEDGER_VAULT_KEY: '' },
    });

    await db.vault.forget(userRef);
    await db.vault.forget(adminRef);

    expect(await db.vault.reveal(userRef)).toBeNull();
    expect(await db.vault.reveal(adminRef)).toBeNull();
    // Events keep the reference and every other fact: the log is not rewritten.
    expect(await storedEventTexts(db.events)).toEqual(eventsBefore);
    // Read models, rebuilt from the first event, hold the same facts (references, never values).
    await runner.rebuild();
    const docsAfter = await readModelDocuments(db.readModels, readModelNames);
    expect(docsAfter).toEqual(docsBefore);
    expect(JSON.stringify([...docsAfter]).includes(adminRef)).toBe(true);
    expect(await Promise.all(serials.map((s) => deviceTimeline(db.events, s, { lang: 'en' })))).toEqual(timelinesBefore);
    const historyAfter = execFileSync(process.execPath, [cli, 'history', serials[0]!, '--store', `sqlite:${dbPath}`, '--lang', 'en'], {
      encoding: 'utf8',
      env: { ...process.env, DEPLEDGER_VAULT_KEY: '' },
    });
    expect(historyAfter).toBe(historyBefore);
    for (const text of [historyBefore, historyAfter, JSON.stringify(timelinesBefore), JSON.stringify([...docsAfter])])
      expect(leaks(text, [USER, PORTAL_ADMIN, ADMIN])).toEqual([]);
    // Nothing leads from the person back to the forgotten reference: met again, they are a new subject.
    const metAgain = await db.vault.refForPersonalData('device-user', USER);
    expect(metAgain).not.toBe(userRef);
    expect(await db.vault.reveal(userRef)).toBeNull();
    await db.vault.forget(metAgain);
  });

  it('a copy of the database file alone reveals no secret and cannot be opened without the key', async () => {
    expect(secrets.length).toBeGreaterThan(5);
    await db.close();
    expect(existsSync(`${dbPath}.key`)).toBe(true);
    const copy = scratch('secrets-copy');
    try {
      for (const suffix of ['', '-wal', '-shm'])
        if (existsSync(dbPath + suffix)) copyFileSync(dbPath + suffix, copy.file(`stolen.db${suffix}`));
      const bytes = Buffer.concat(
        ['', '-wal'].filter((s) => existsSync(copy.file(`stolen.db${s}`))).map((s) => readFileSync(copy.file(`stolen.db${s}`))),
      );
      expect(bytes.length).toBeGreaterThan(10_000);
      const encodings = (value: string) => [value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('hex')];
      const inFile = [...secrets, ADMIN, PORTAL_ADMIN, 'mallory@contoso.example']
        .flatMap(encodings)
        .filter((needle) => bytes.includes(Buffer.from(needle)));
      expect(inFile).toEqual([]);
      expect(bytes.includes(Buffer.from('DeviceAssignedToServer'))).toBe(true); // the scan does read the events
      expect(() => openSqliteStore({ path: copy.file('stolen.db'), env: {} })).toThrow(
        expect.objectContaining({ code: 'VAULT_KEY_MISSING' }),
      );
      expect(() => openSqliteStore({ path: copy.file('stolen.db'), vaultKey: Buffer.alloc(32, 1) })).toThrow(
        expect.objectContaining({ code: 'VAULT_KEY_MISMATCH' }),
      );
      // With the key (here from DEPLEDGER_VAULT_KEY) the copy is whole.
      const key = readFileSync(`${dbPath}.key`, 'utf8').trim();
      const reopened = openSqliteStore({ path: copy.file('stolen.db'), env: { DEPLEDGER_VAULT_KEY: key } });
      expect(reopened.vaultKeySource.source).toBe('environment');
      await reopened.close();
    } finally {
      copy.remove();
    }
  });
});
