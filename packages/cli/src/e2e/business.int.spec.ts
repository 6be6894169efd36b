import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppleSimulator, type IssuedApiAccount } from '@depledger/apple-simulator';
import { binPath, buildCli, cliIn, json, removeDir, tempDir, type Cli, type CliResult } from '../test-support/cli-process';
import { uploadSimulatedToken } from '../test-support/simulated-token';

type OrgDevice = { serial: string; orderNumber: string; situation: string; situationLabel: string };
type Device = { serial: string; status: string; statusLabel: string; assignment: { state: string; profileId: string } | null };

/**
 * Step 6 without the portal, through the binary: an API account connected, the organisation's
 * inventory listed, one order assigned to our MDM server with Apple's activity waited for, then
 * the DEP sync brings the devices in with the default profile ("Non contacté").
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

describe('depledger business, through the binary', () => {
  const sim = createAppleSimulator({ seed: 21 });
  const dir = tempDir('business');
  const outputs: CliResult[] = [];
  let cli: Cli;
  let url = '';
  let serverId = '';
  let account: IssuedApiAccount;
  let order = '';
  let ordered: string[] = [];

  const run = async (...args: string[]) => {
    const result = await cli(...args, '--apple-url', url);
    outputs.push(result);
    return result;
  };

  beforeAll(async () => {
    buildCli();
    ({ url } = await sim.start());
    cli = cliIn(dir);
    serverId = await uploadSimulatedToken(cli, sim, url, 'paris', 0);
    await cli('profile', 'define', 'corp', '--token', 'paris', '--name', 'Contoso', '--url', 'https://mdm.contoso.example/enroll');
    await cli('profile', 'publish', 'corp', '--apple-url', url);
    await cli('profile', 'default', 'corp', '--token', 'paris');
    ordered = sim.devices.seed({ count: 6, seed: 1 });
    sim.devices.seed({ count: 4, seed: 2 });
    order = sim.devices.get(ordered[0]!)?.order_number ?? '';
    account = sim.business.addApiAccount({ name: 'cli' });
    writeFileSync(join(dir, 'api-key.pem'), account.privateKeyPem);
    writeFileSync(join(dir, 'not-a-key.pem'), '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n');
  }, 180_000);

  afterAll(async () => {
    removeDir(dir);
    await sim.stop();
  });

  it('refuses credentials that cannot work, with a code and nothing stored', async () => {
    const wrongKeyId = await run(
      'business',
      'connect',
      '--client-id',
      account.clientId,
      '--key-id',
      'wrong-key-id',
      '--key',
      'api-key.pem',
    );
    expect(wrongKeyId.code).toBe(1);
    expect(wrongKeyId.stderr).toMatch(/^error BUSINESS_AUTH_REFUSED: /);
    const badKey = await run('business', 'connect', '--client-id', account.clientId, '--key-id', account.keyId, '--key', 'not-a-key.pem');
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/^error BUSINESS_CREDENTIALS_INVALID: .*key/);
    const missing = await run('business', 'connect', '--client-id', account.clientId, '--key-id', account.keyId, '--key', 'nowhere.pem');
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error FILE_NOT_FOUND/) });
    const notConnected = await run('business', 'servers');
    expect(notConnected.stderr).toMatch(/^error BUSINESS_ACCOUNT_NOT_CONNECTED: .*business connect/);
  });

  it('connects the account and lists the MDM servers and one order of the inventory', async () => {
    const expires = new Date(Date.now() + 10.5 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const connected = await run(
      'business',
      'connect',
      '--client-id',
      account.clientId,
      '--key-id',
      account.keyId,
      '--key',
      'api-key.pem',
      '--expires',
      expires,
    );
    expect(connected).toMatchObject({ code: 0, stderr: '' });
    expect(connected.stdout).toContain('API account default connected');
    expect(connected.stdout).toContain(`Warning: its key expires on ${expires}`);
    const status = await run('business', 'status', '--json');
    expect(status.code).toBe(0);
    expect(json<{ health: string; expiryWarning: number }>(status)).toMatchObject({ health: 'expiring', expiryWarning: 30 });
    const servers = json<{ serverId: string; name: string }[]>(await run('business', 'servers', '--json'));
    expect(servers.map((server) => server.serverId)).toContain(serverId);
    const devices = json<OrgDevice[]>(await run('business', 'devices', '--order', order, '--json'));
    expect(devices.map((device) => device.serial).sort()).toEqual([...ordered].sort());
    expect(new Set(devices.map((device) => device.situation))).toEqual(new Set(['unassigned']));
  });

  it('assigns an order with a progress line until Apple finishes; the sync brings the devices in as Non contacté', async () => {
    const unknown = await run('business', 'assign', '--server', serverId, '--order', 'W000000000');
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error BUSINESS_ORDER_UNKNOWN/) });
    const both = await run('business', 'assign', '--server', serverId, '--order', order, '--serials', ordered[0]!);
    expect(both).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error INVALID_INPUT: Give exactly one/) });

    const assigned = await run('business', 'assign', '--server', serverId, '--order', order);
    expect(assigned.code).toBe(0);
    expect(assigned.stdout).toContain(`6 of 6 device(s) assigned to ${serverId}`);
    expect(assigned.stderr).toContain("Apple's activities: 1 of 1 finished");
    const waiting = json<OrgDevice[]>(await run('business', 'devices', '--order', order, '--json', '--lang', 'en'));
    expect(new Set(waiting.map((device) => device.situationLabel))).toEqual(new Set(['Assigned to our server at Apple, not synced yet']));

    expect((await run('sync', '--token', 'paris', '--full')).code).toBe(0);
    const devices = json<Device[]>(await cli('devices', '--json', '--lang', 'fr'));
    expect(devices.map((device) => device.serial).sort()).toEqual([...ordered].sort());
    for (const device of devices)
      expect(device).toMatchObject({ statusLabel: 'Non contacté', assignment: { state: 'assigned', profileId: 'corp' } });
    const synced = json<OrgDevice[]>(await run('business', 'devices', '--json'));
    expect(
      synced
        .filter((device) => device.situation === 'synced')
        .map((device) => device.serial)
        .sort(),
    ).toEqual([...ordered].sort());
  });

  it('unassigns from the server, releases only with --confirm, and prints an activity log as CSV', async () => {
    const notOnServer = sim.devices.seed({ count: 1, seed: 3 });
    const refused = await run('business', 'unassign', '--server', serverId, '--serials', notOnServer[0]!);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error BUSINESS_SERIALS_NOT_ON_SERVER: /) });

    const unassigned = await run('business', 'unassign', '--server', serverId, '--serials', `${ordered[0]},${ordered[1]}`, '--json');
    expect(unassigned.code).toBe(0);
    const report = json<{ removed: string[]; failed: string[]; activities: { activityId: string }[] }>(unassigned);
    expect(report.removed.sort()).toEqual([ordered[0], ordered[1]].sort());
    expect(report.failed).toEqual([]);
    expect(sim.devices.get(ordered[0]!)?.server_id).toBeUndefined();

    const log = await run('business', 'activity', report.activities[0]!.activityId, '--csv');
    expect(log.code).toBe(0);
    expect(log.stdout.split('\n')[0]).toBe('serialNumber,activityType,result,detail');
    expect(log.stdout).toContain(`${ordered[0]},UNASSIGN_DEVICES,SUCCESS`);

    const unconfirmed = await run('business', 'release', '--serials', ordered[2]!);
    expect(unconfirmed).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error BUSINESS_RELEASE_NOT_CONFIRMED: /) });
    expect(sim.devices.get(ordered[2]!)).toBeDefined();
    const released = await run('business', 'release', '--serials', ordered[2]!, '--confirm');
    expect(released.code).toBe(0);
    expect(released.stdout).toContain('1 of 1 device(s) released from the organisation');
    const devices = json<OrgDevice[]>(await run('business', 'devices', '--json'));
    expect(devices.find((device) => device.serial === ordered[2])?.situation).toBe('released');
  });

  it('migrates devices from another MDM server by a deadline, moves the deadline and cancels a migration', async () => {
    const moving = sim.devices.seed({ count: 2, seed: 5 });
    const former = sim.createServerWithCredentials({ name: 'Former MDM' }).serverId;
    sim.portal.assignDevices(former, { serials: moving });
    const day = 24 * 3600 * 1000;
    const deadline = new Date(Date.now() + 30 * day).toISOString();
    const tooFar = await run('business', 'assign', '--server', serverId, '--serials', moving.join(','), '--deadline', '2099-01-01');
    expect(tooFar).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error BUSINESS_MIGRATION_DEADLINE_INVALID: .*90 days/) });
    const notMigrating = await run('business', 'cancel-migration', '--serials', moving[0]!);
    expect(notMigrating).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error BUSINESS_NO_MIGRATION: /) });

    const migrated = await run('business', 'assign', '--server', serverId, '--serials', moving.join(','), '--deadline', deadline);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`2 of 2 device(s) migrating to ${serverId} by ${deadline}`);
    const listed = json<Array<OrgDevice & { migration: { status: string; deadline: string } | null }>>(
      await run('business', 'devices', '--json'),
    );
    expect(listed.find((device) => device.serial === moving[0])?.migration).toEqual({ status: 'REQUESTED', deadline });

    const sooner = new Date(Date.now() + 2 * day).toISOString();
    const moved = await run('business', 'migration-deadline', '--serials', moving[0]!, '--deadline', sooner);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(`1 of 1 device(s) now migrate by ${sooner}`);
    expect(sim.business.migration(moving[0]!)?.deadline).toBe(sooner);

    const cancelled = await run('business', 'cancel-migration', '--serials', moving[1]!);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain('1 of 1 migration(s) cancelled');
    expect(sim.devices.get(moving[1]!)?.server_id).toBe(former);
  });

  it('depledger simulator --api-key-out hands out an API account that business connect takes', async () => {
    const other = tempDir('business-sim');
    const child = spawn(process.execPath, [binPath, 'simulator', '--port', '0', '--devices', '3', '--api-key-out', 'api.pem', '--json'], {
      cwd: other,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let first = '';
      child.stdout.on('data', (chunk: Buffer) => (first += chunk.toString()));
      while (!first.includes('\n')) await once(child.stdout, 'data');
      const started = JSON.parse(first.split('\n')[0] as string) as {
        url: string;
        apiAccount: { clientId: string; keyId: string; keyFile: string };
      };
      expect(started.apiAccount).toMatchObject({ clientId: expect.stringMatching(/^BUSINESSAPI\./), keyFile: 'api.pem' });
      expect(statSync(join(other, 'api.pem')).mode & 0o077).toBe(0);
      const there = cliIn(other);
      const connected = await there(
        'business',
        'connect',
        '--client-id',
        started.apiAccount.clientId,
        '--key-id',
        started.apiAccount.keyId,
        '--key',
        'api.pem',
        '--apple-url',
        started.url,
      );
      outputs.push(connected);
      expect(connected.code).toBe(0);
      const devices = json<OrgDevice[]>(await there('business', 'devices', '--json', '--apple-url', started.url));
      expect(devices).toHaveLength(3);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
      removeDir(other);
    }
  });

  it('prints no part of the private key anywhere', () => {
    const lines = account.privateKeyPem.split('\n').filter((line) => line.length >= 40);
    expect(lines.length).toBeGreaterThan(0);
    const text = outputs.map((output) => output.stdout + output.stderr).join('\n');
    expect(outputs.length).toBeGreaterThan(10);
    for (const line of lines) expect(text).not.toContain(line);
    expect(text).not.toContain('PRIVATE KEY');
  });
});
