import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { buildCli, cliIn, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';

type Device = {
  serial: string;
  status: string;
  statusLabel: string;
  tokenId: string;
  assignment: { state: string; profileId: string } | null;
};

/**
 * The Intune document's steps through the real binary, against a simulator in this process and a
 * SQLite file in a temp directory. Every command is a new process: each one reads what the
 * previous ones left in the file.
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

describe('depledger, step by step through the binary', () => {
  const sim = createAppleSimulator({ seed: 3 });
  const dir = tempDir('walk');
  let cli: Cli;
  let url = '';
  let serverId = '';
  let mdm: Server | undefined;
  let enrollUrl = '';
  const checkIns: string[] = [];
  let beforePowerOn = '';
  const inventory = sim.devices.seed({ count: 60 });

  beforeAll(async () => {
    buildCli();
    ({ url } = await sim.start());
    cli = cliIn(dir);
    // The MDM's enrollment endpoint: records each check-in with `depledger enroll`.
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const { serial_number: serial } = JSON.parse(body) as { serial_number: string };
        checkIns.push(serial);
        void cli('enroll', serial, '--user', 'jmartin').then((r) => response.writeHead(r.code === 0 ? 200 : 500).end());
      });
    });
    mdm = server;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    enrollUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/enroll`;
  }, 60_000);

  afterAll(async () => {
    removeDir(dir);
    await sim.stop();
    const server = mdm;
    if (server !== undefined) await new Promise((done) => server.close(done));
  });

  it('step 2: key generate writes the certificate, never the private key', async () => {
    const r = await cli('key', 'generate', '--token', 'paris', '--out', 'paris.pem');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Encryption key issued for token paris');
    const pem = readFileSync(join(dir, 'paris.pem'), 'utf8');
    expect(pem).toContain('BEGIN CERTIFICATE');
    expect(pem).not.toContain('PRIVATE KEY');
  });

  it("step 3: the simulator's portal adds the MDM server with the .pem and writes the .p7m", async () => {
    const r = await cli(
      'simulator',
      'portal',
      'add-server',
      '--pem',
      'paris.pem',
      '--out',
      'paris.p7m',
      '--name',
      'Paris MDM',
      '--simulator-url',
      url,
      '--json',
    );
    expect(r.code).toBe(0);
    serverId = json<{ serverId: string }>(r).serverId;
    expect(readFileSync(join(dir, 'paris.p7m'), 'utf8')).toContain('MIME');
    const servers = json<{ serverId: string; name: string }[]>(
      await cli('simulator', 'portal', 'servers', '--simulator-url', url, '--json'),
    );
    expect(servers.map((s) => s.name)).toContain('Paris MDM');
  });

  it('step 4: token upload decrypts, stores and checks the account with Apple; no secret or e-mail printed', async () => {
    const r = await cli(
      'token',
      'upload',
      '--token',
      'paris',
      '--file',
      'paris.p7m',
      '--apple-id',
      'alice@contoso.example',
      '--apple-url',
      url,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Server token uploaded for paris');
    expect(r.stdout).toContain('Apple account checked: MDM server "Paris MDM"');
    const p7m = readFileSync(join(dir, 'paris.p7m'), 'utf8');
    expect(r.stdout + r.stderr).not.toMatch(/alice@|CS_|AS_|AT_/);
    expect(p7m).not.toContain('alice@');
    const again = await cli('token', 'verify', '--token', 'paris', '--apple-url', url, '--json');
    expect(json(again)).toMatchObject({ tokenId: 'paris', account: { status: 'verified', serverName: 'Paris MDM' } });
  });

  it('step 5: profile define, revise, publish, default and list', async () => {
    const define = await cli(
      'profile',
      'define',
      'corp',
      '--token',
      'paris',
      '--name',
      'Contoso iPhones',
      '--url',
      enrollUrl,
      '--skip',
      'Siri',
      'Location',
      '--department',
      'IT',
    );
    expect(define).toMatchObject({ code: 0 });
    expect(define.stdout).toContain('Profile corp defined for paris (version 1, draft)');
    const revise = await cli('profile', 'revise', 'corp', '--skip', 'Siri', 'Location', 'AppleID', '--json');
    expect(json(revise)).toMatchObject({ profileId: 'corp', changed: true, version: 2 });
    const same = await cli('profile', 'revise', 'corp', '--department', 'IT');
    expect(same.stdout).toContain('Profile corp unchanged: the settings are the same as version 2.');
    const publish = await cli('profile', 'publish', 'corp', '--apple-url', url, '--json');
    expect(json<{ profileUuid: string; version: number }>(publish)).toMatchObject({
      version: 2,
      profileUuid: expect.stringMatching(/^[0-9A-F]{32}$/),
    });
    expect((await cli('profile', 'default', 'corp', '--token', 'paris')).stdout).toContain('Profile corp is now the default of paris');
    const list = json<{ profileId: string; isDefault: boolean; userAffinity: boolean; skipSetupItems: string[]; status: string }[]>(
      await cli('profile', 'list', '--json'),
    );
    expect(list).toEqual([
      expect.objectContaining({
        profileId: 'corp',
        isDefault: true,
        userAffinity: true,
        status: 'published',
        skipSetupItems: ['Siri', 'Location', 'AppleID'],
      }),
    ]);
    expect((await cli('profile', 'list')).stdout).toMatch(/corp \(default\)\s+paris\s+2\s+published/);
  });

  it('step 6: the portal assigns devices by serial, by order number and from a CSV file', async () => {
    const bySerial = await cli(
      'simulator',
      'portal',
      'assign',
      '--server',
      serverId,
      '--serials',
      ...inventory.slice(0, 3),
      '--simulator-url',
      url,
      '--json',
    );
    expect(json(bySerial)).toMatchObject({ assigned: inventory.slice(0, 3) });
    const order = sim.devices.get(inventory[10] as string)?.order_number as string;
    const byOrder = await cli('simulator', 'portal', 'assign', '--server', serverId, '--order', order, '--simulator-url', url);
    expect(byOrder.stdout).toMatch(/^\d+ device\(s\) assigned/);
    writeFileSync(join(dir, 'devices.csv'), `serial,comment\n${inventory[50]},ipad\n${inventory[51]},mac\n`);
    const byCsv = await cli(
      'simulator',
      'portal',
      'assign',
      '--server',
      serverId,
      '--csv',
      'devices.csv',
      '--simulator-url',
      url,
      '--json',
    );
    expect(
      json<{ assigned: string[]; unchanged: string[] }>(byCsv).assigned.length + json<{ unchanged: string[] }>(byCsv).unchanged.length,
    ).toBe(2);
    const portal = json<{ serial: string; serverId: string | null }[]>(
      await cli('simulator', 'portal', 'devices', '--server', serverId, '--simulator-url', url, '--json'),
    );
    expect(portal.length).toBe(sim.devices.list({ serverId }).length);
  });

  it('step 7: sync lists the devices as Non contacté (Not contacted with --lang en); a second full sync is downgraded', async () => {
    const sync = await cli('sync', '--token', 'paris', '--full', '--apple-url', url, '--lang', 'fr');
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/Synchronisation terminée pour paris : complète/);
    expect(sync.stderr).toMatch(/^page 1 \(récupération\) : \d+ enregistrement/m);
    const assigned = sim.devices.list({ serverId }).length;
    const devices = json<Device[]>(await cli('devices', '--json', '--lang', 'fr'));
    expect(devices).toHaveLength(assigned);
    expect(new Set(devices.map((d) => d.statusLabel))).toEqual(new Set(['Non contacté']));
    expect(devices.every((d) => d.assignment?.state === 'assigned' && d.assignment.profileId === 'corp')).toBe(true);
    const human = await cli('devices', '--token', 'paris', '--lang', 'fr');
    expect(human.stdout).toContain('Non contacté');
    const english = await cli('devices', '--lang', 'en', '--status', 'not_contacted');
    expect(english.stdout).toContain('Not contacted');
    expect(english.stdout).not.toContain('Non contacté');

    const second = await cli('sync', '--token', 'paris', '--full', '--apple-url', url, '--json');
    expect(second.code).toBe(0);
    expect(json(second)).toMatchObject({
      status: 'completed',
      requested: 'full',
      kind: 'incremental',
      downgrade: { nextFullAllowedAt: expect.any(String) },
    });
    const human2 = await cli('sync', '--token', 'paris', '--full', '--apple-url', url, '--lang', 'fr');
    expect(human2.stdout).toContain('une synchronisation complète a lieu au plus une fois tous les 7 jours');
  });

  it('step 8: devices switched on call the enrollment URL; the check-ins recorded make them Inscrit', async () => {
    const on = inventory.slice(0, 2);
    beforePowerOn = new Date().toISOString();
    await new Promise((done) => setTimeout(done, 20));
    const r = await cli('simulator', 'power-on', ...on, '--simulator-url', url);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('enrollment URL answered 200');
    expect(checkIns.sort()).toEqual([...on].sort());
    const enrolled = json<Device[]>(await cli('devices', '--status', 'enrolled', '--json', '--lang', 'fr'));
    expect(enrolled.map((d) => d.serial).sort()).toEqual([...on].sort());
    expect(enrolled.every((d) => d.statusLabel === 'Inscrit')).toBe(true);
    // The same check-in again records nothing new.
    expect((await cli('enroll', on[0] as string)).stdout).toContain('was already enrolled');
  });

  it('history, summary and tokens tell the story; devices after a rebuild (a new process each time) show the same state', async () => {
    const serial = inventory[0] as string;
    const history = await cli('history', serial.toLowerCase(), '--lang', 'en');
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(`History of ${serial}`);
    expect(history.stdout).toMatch(/system:sync/);
    expect(history.stdout).toMatch(/mdm:checkin/);
    expect(history.stdout).toContain('Enrolled');
    expect(history.stdout).not.toContain('jmartin');
    const timeline = json<{ entries: { actor: string; status: { code: string } | null }[] }>(await cli('history', serial, '--json'));
    expect(timeline.entries.at(-1)?.status?.code).toBe('enrolled');

    // As of before the power-on: the device had not enrolled yet, and no device had.
    const then = json<{ entries: { status: { code: string } | null }[] }>(await cli('history', serial, '--as-of', beforePowerOn, '--json'));
    expect(then.entries.length).toBeLessThan(timeline.entries.length);
    expect(then.entries.at(-1)?.status?.code).toBe('not_contacted');
    const devicesThen = json<Device[]>(await cli('devices', '--as-of', beforePowerOn, '--json'));
    expect(devicesThen.length).toBeGreaterThan(0);
    expect(devicesThen.every((d) => d.status === 'not_contacted')).toBe(true);

    const summary = json<{ tokenId: string; total: number; byStatus: Record<string, number> }[]>(await cli('summary', '--json'));
    expect(summary).toEqual([expect.objectContaining({ tokenId: 'paris', byStatus: expect.objectContaining({ enrolled: 2 }) })]);
    expect((await cli('summary', '--lang', 'fr')).stdout).toMatch(/Inscrit\s+2/);

    const tokens = json<{ tokenId: string; health: string; serverName: string; nextFullSyncAllowedAt: string | null }[]>(
      await cli('tokens', '--json'),
    );
    expect(tokens).toEqual([
      expect.objectContaining({ tokenId: 'paris', health: 'ok', serverName: 'Paris MDM', nextFullSyncAllowedAt: expect.any(String) }),
    ]);
    expect((await cli('tokens', '--lang', 'en')).stdout).toMatch(/paris\s+Healthy\s+Paris MDM/);

    const before = (await cli('devices', '--json')).stdout;
    const rebuild = json<{ name: string; previousVersion: number | null; version: number }[]>(await cli('rebuild', '--json'));
    expect(rebuild.map((r) => r.name)).toEqual(['device-status', 'token-health', 'sync-history', 'assignment-queue', 'tenant-activity']);
    // The read models live in the SQLite file: a rebuild replaces the version the earlier commands kept.
    for (const r of rebuild) expect(r.version).toBe((r.previousVersion ?? 0) + 1);
    expect(rebuild.every((r) => r.previousVersion !== null)).toBe(true);
    expect((await cli('rebuild', 'device-status')).stdout).toContain('Rebuilt 1 read model(s)');
    expect((await cli('devices', '--json')).stdout).toBe(before);
  });

  it('commands that read at the same moment as a check-in is recorded all answer', async () => {
    const [enroll, devices, summary, tokens] = await Promise.all([
      cli('enroll', inventory[2] as string),
      cli('devices', '--json'),
      cli('summary', '--json'),
      cli('tokens', '--json'),
    ]);
    for (const r of [enroll, devices, summary, tokens]) expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(json<Device[]>(await cli('devices', '--status', 'enrolled', '--json', '--lang', 'fr'))).toHaveLength(3);
  });

  it('unenroll, profile retire and token remove follow the rules: one line saying what to do first', async () => {
    const serial = inventory[0] as string;
    const unenrolled = await cli('unenroll', serial, '--reason', 'returned to stock', '--lang', 'fr');
    expect(unenrolled).toMatchObject({ code: 0 });
    expect(unenrolled.stdout).toContain(`${serial} désinscrit : Non contacté.`);
    const again = await cli('unenroll', serial, '--reason', 'twice');
    expect(again).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^error DEVICE_NOT_ENROLLED: /) });
    const retire = await cli('profile', 'retire', 'corp', '--reason', 'replaced');
    expect(retire).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^error PROFILE_IS_DEFAULT: .*make another profile the default/),
    });
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ name: 'Old', url: enrollUrl, userAffinity: false, skipSetupItems: ['Siri'] }));
    expect((await cli('profile', 'define', 'old', '--token', 'paris', '--settings', 'old.json')).code).toBe(0);
    expect(
      json<{ profileId: string; userAffinity: boolean; skipSetupItems: string[] }[]>(await cli('profile', 'list', '--json')).find(
        (p) => p.profileId === 'old',
      ),
    ).toMatchObject({ userAffinity: false, skipSetupItems: ['Siri'] });
    expect(await cli('profile', 'retire', 'old', '--reason', 'never used')).toMatchObject({ code: 0, stdout: 'Profile old retired.\n' });
    expect(
      json<{ profileId: string; status: string }[]>(await cli('profile', 'list', '--json')).find((p) => p.profileId === 'old')?.status,
    ).toBe('retired');
    const remove = await cli('token', 'remove', '--token', 'paris');
    expect(remove).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error TOKEN_IN_USE: /) });
    expect(json<{ tokenId: string; stage: string }[]>(await cli('tokens', '--json'))[0]?.stage).toBe('active');
  });

  it('queue shows a device Apple throttled, and when it is retried', async () => {
    const serial = inventory[2] as string;
    sim.faults.throttleDevices([serial], 3600);
    const assign = json<{ throttled: number }>(
      await cli('assign', serial, '--profile', 'corp', '--token', 'paris', '--apple-url', url, '--json'),
    );
    expect(assign.throttled).toBe(1);
    const queue = json<{ serial: string; state: string; retryAt: string | null; due: boolean }[]>(
      await cli('queue', '--token', 'paris', '--json'),
    );
    expect(queue).toEqual([expect.objectContaining({ serial, state: 'throttled', retryAt: expect.any(String), due: false })]);
    expect((await cli('queue', '--lang', 'fr')).stdout).toMatch(new RegExp(`${serial}\\s+paris\\s+corp v2\\s+Limité par Apple`));
  });

  it('assign sends a published profile to serials by hand', async () => {
    const serial = inventory[1] as string;
    const r = await cli('assign', serial, '--profile', 'corp', '--token', 'paris', '--apple-url', url, '--json', '--actor', 'alice');
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ sent: 1, assigned: 1, refused: [] });
    // The audit trail says who: the administrator's id, never an e-mail.
    const timeline = json<{ entries: { actor: string; type: string }[] }>(await cli('history', serial, '--json'));
    expect(timeline.entries.filter((e) => e.actor === 'admin:alice').map((e) => e.type)).toContain('ProfileAssignmentRequested');
    const email = await cli(
      'assign',
      serial,
      '--profile',
      'corp',
      '--token',
      'paris',
      '--apple-url',
      url,
      '--actor',
      'alice@contoso.example',
    );
    expect(email).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error INVALID_INPUT: --actor is not an id/) });
    expect(email.stderr).not.toContain('alice@');
  });

  it('renewal: a staged key, a new .p7m from the portal, refused with another Apple ID, accepted with the first one', async () => {
    const key = await cli('key', 'generate', '--token', 'paris', '--out', 'paris-2027.pem', '--renew');
    expect(key.stdout).toContain('(a renewal: the current server token keeps working until you upload the new one)');
    const renew = await cli(
      'simulator',
      'portal',
      'renew',
      '--server',
      serverId,
      '--pem',
      'paris-2027.pem',
      '--out',
      'paris-2027.p7m',
      '--simulator-url',
      url,
    );
    expect(renew.stdout).toContain('the previous one no longer works');
    const other = await cli(
      'token',
      'upload',
      '--token',
      'paris',
      '--file',
      'paris-2027.p7m',
      '--apple-id',
      'mallory@contoso.example',
      '--apple-url',
      url,
    );
    expect(other).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^error RENEWAL_APPLE_ID_MISMATCH: /) });
    expect(other.stderr).not.toMatch(/mallory@|alice@/);
    const same = await cli(
      'token',
      'upload',
      '--token',
      'paris',
      '--file',
      'paris-2027.p7m',
      '--apple-id',
      'Alice@Contoso.example',
      '--apple-url',
      url,
    );
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('Server token renewed for paris');
    expect((await cli('sync', '--token', 'paris', '--apple-url', url)).code).toBe(0);
  });
});
