import { join } from 'node:path';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { buildCli, cliIn, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';
import { uploadSimulatedToken } from '../test-support/simulated-token';
import { streamTypes } from '../test-support/store-probe';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** A device Apple replaced, through the `depledger` binary against the simulator over loopback HTTP: which device it replaces. */
describe('replacement devices through the CLI', () => {
  const sim = createAppleSimulator({ seed: 2024 });
  const dir = tempDir('replacement');
  const db = join(dir, 'depledger.db');
  let cli: Cli;
  let url = '';
  let original = '';
  let kept = '';
  let serverId = '';

  beforeAll(async () => {
    buildCli();
    ({ url } = await sim.start());
    cli = cliIn(dir);
    serverId = await uploadSimulatedToken(cli, sim, url, 'paris', 2);
    expect((await cli('sync', '--token', 'paris', '--full', '--apple-url', url)).code).toBe(0);
    [original = '', kept = ''] = json<{ serial: string }[]>(await cli('devices', '--json')).map((d) => d.serial);
    sim.devices.replace(original, {
      serial: 'F17REPLACED1',
      model: 'iPhone 15',
      os: 'iOS',
      family: 'iPhone',
      replacementDate: '2026-11-20',
    });
    expect((await cli('sync', '--token', 'paris', '--apple-url', url)).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    removeDir(dir);
    await sim.stop();
  });

  it('lists replacement devices with the device each one replaces', async () => {
    const listed = await cli('devices', '--replacements', '--lang', 'en');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/REPLACES/);
    expect(listed.stdout).toMatch(new RegExp(`F17REPLACED1\\s.*\\s${original} \\(2026-11-20\\)`));
    expect(listed.stdout).not.toContain(kept);
    const rows = json<{ serial: string; isReplacementDevice: boolean | null; replaces: unknown }[]>(
      await cli('devices', '--replacements', '--json'),
    );
    expect(rows).toEqual([
      expect.objectContaining({ serial: 'F17REPLACED1', isReplacementDevice: true, replaces: { serial: original, on: '2026-11-20' } }),
    ]);
  });

  it("shows the original released as replaced, and the replacement in the new device's history", async () => {
    const devices = json<{ serial: string; status: string; releasedReason: string | null }[]>(await cli('devices', '--json'));
    expect(devices.find((d) => d.serial === original)).toMatchObject({ status: 'released', releasedReason: 'replaced' });
    const history = await cli('history', 'F17REPLACED1', '--lang', 'en');
    expect(history.stdout).toContain(`Replaces device ${original} since 2026-11-20`);
    expect(await streamTypes(db, 'dep-device-F17REPLACED1')).toEqual(['DeviceAssignedToServer.v1', 'DeviceReplacementRecorded.v1']);
  });

  it("asks Apple on demand with depledger replacement: the original when known, Apple's no record, or not a replacement; nothing recorded then", async () => {
    const known = await cli('replacement', 'F17REPLACED1', '--lang', 'en', '--apple-url', url);
    expect([known.code, known.stdout.trim()]).toEqual([0, `F17REPLACED1 replaces ${original} since 2026-11-20 (recorded before).`]);
    // flagged a replacement, but Apple holds no record of what it replaces
    sim.devices.add(
      { serial: 'F17NORECORD1', model: 'iPhone 15', os: 'iOS', family: 'iPhone', protocol10: { is_replacement_device: true } },
      serverId,
    );
    expect((await cli('sync', '--token', 'paris', '--apple-url', url)).code).toBe(0);
    const before = await streamTypes(db, 'dep-device-F17NORECORD1');
    expect(before).toEqual(['DeviceAssignedToServer.v1']);
    const none = await cli('replacement', 'F17NORECORD1', '--json', '--apple-url', url);
    expect(none.code).toBe(1);
    expect(json(none)).toEqual({ serial: 'F17NORECORD1', result: 'no_record', replaces: null, recorded: [] });
    expect(await streamTypes(db, 'dep-device-F17NORECORD1')).toEqual(before);
    const plain = await cli('replacement', kept.toLowerCase(), '--lang', 'fr', '--apple-url', url);
    expect([plain.code, plain.stdout.trim()]).toEqual([
      1,
      `${kept} : Apple ne le signale pas comme appareil de remplacement ; Apple n’a pas été interrogé.`,
    ]);
    const unknown = await cli('replacement', 'NOSUCHSERIAL1', '--apple-url', url);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/^error DEVICE_UNKNOWN: /)]);
  });
});
