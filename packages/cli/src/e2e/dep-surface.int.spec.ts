import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { buildCli, cliIn, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';
import { uploadSimulatedToken } from '../test-support/simulated-token';
import { eventCount, streamTypes } from '../test-support/store-probe';
import { signedMachineInfo, testDeviceIdentity } from '../../../apple/src/test-support/signed-machine-info';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** Today's DEP surface through the `depledger` binary, against the simulator over loopback HTTP. */
describe("today's DEP surface through the CLI", () => {
  const sim = createAppleSimulator({ seed: 24 });
  const dir = tempDir('surface');
  const db = join(dir, 'depledger.db');
  let cli: Cli;
  let url = '';

  beforeAll(async () => {
    buildCli();
    ({ url } = await sim.start());
    cli = cliIn(dir);
    await uploadSimulatedToken(cli, sim, url, 'paris', 6);
    copyFileSync(join(__dirname, '..', 'test-support', 'anchor-root.pem'), join(dir, 'anchor.pem'));
    writeFileSync(join(dir, 'not-a-cert.pem'), '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
  }, 120_000);

  afterAll(async () => {
    removeDir(dir);
    await sim.stop();
  });

  describe('profiles', () => {
    it('lists the Setup Assistant catalogue, in French or in English (--lang), by platform', async () => {
      const fr = await cli('profile', 'skip-keys', '--platform', 'macOS', '--lang', 'fr');
      expect(fr.code).toBe(0);
      expect(fr.stdout).toMatch(/UnlockWithWatch\s+macOS 15\.0\+\s+Écran Déverrouiller avec l’Apple Watch/);
      expect(fr.stdout).not.toContain('TVRoom');
      const en = json<{ keys: { key: string; en: string }[] }>(await cli('profile', 'skip-keys', '--lang', 'en', '--json'));
      expect(en.keys.find((k) => k.key === 'Tips')?.en).toBe('Tips pane (visionOS)');
    });

    it("defines a profile with Apple's newer fields and certificates from PEM; an unknown skip key is kept with a warning", async () => {
      const defined = await cli(
        'profile',
        'define',
        'ipads',
        '--token',
        'paris',
        '--name',
        'Shared iPads',
        '--url',
        'https://mdm.example.com/enroll',
        '--skip',
        'Siri',
        'AccessibilityAppearance',
        'Zoom',
        '--multi-user',
        '--return-to-service',
        '--no-profile-from-backup',
        '--anchor-cert',
        'anchor.pem',
        '--org-magic',
        'contoso',
        '--no-pairing',
      );
      expect(defined.code).toBe(0);
      expect(defined.stdout).toContain('Warning: AccessibilityAppearance is not in depledger');
      expect(defined.stdout).toContain('Warning: Zoom was retired by Apple (iOS 17.0');
      expect((await cli('profile', 'publish', 'ipads', '--apple-url', url)).code).toBe(0);
      const [row] = json<{ profileUuid: string; warnings: string[] }[]>(await cli('profile', 'list', '--json'));
      expect(row?.warnings).toHaveLength(2);
      const profile = sim.profile(row?.profileUuid ?? '');
      expect(profile).toMatchObject({
        is_multi_user: true,
        is_return_to_service: true,
        do_not_use_profile_from_backup: true,
        allow_pairing: false,
        org_magic: 'contoso',
        skip_setup_items: ['Siri', 'AccessibilityAppearance', 'Zoom'],
        anchor_certs: [expect.stringMatching(/^MII/)],
      });
    });

    it('refuses a PEM that is not a certificate, naming the field, and records nothing', async () => {
      const before = await eventCount(db);
      const refused = await cli(
        'profile',
        'define',
        'bad',
        '--token',
        'paris',
        '--name',
        'Bad',
        '--url',
        'https://mdm.example.com/enroll',
        '--anchor-cert',
        'not-a-cert.pem',
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^error PROFILE_INVALID: .*anchorCertificates\.0: .*anchor_certs/);
      expect(await eventCount(db)).toBe(before);
      expect(await streamTypes(db, 'dep-profile-bad')).toEqual([]);
    });
  });

  describe('devices', () => {
    type Row = { serial: string; status: string; statusLabel: string };
    let serials: string[] = [];

    beforeAll(async () => {
      expect((await cli('sync', '--token', 'paris', '--full', '--apple-url', url)).code).toBe(0);
      serials = json<Row[]>(await cli('devices', '--json')).map((d) => d.serial);
      expect(serials.length).toBe(6);
    });

    it('clears a profile at Apple with a reason: status and history say so', async () => {
      const serial = serials[0] ?? '';
      const cleared = await cli('clear-profile', serial, '--reason', 'wrong profile, to be re-routed', '--apple-url', url, '--lang', 'en');
      expect(cleared.code).toBe(0);
      expect(cleared.stdout).toContain(`${serial} profile cleared: Profile cleared.`);
      expect(json<Row[]>(await cli('devices', '--json')).find((d) => d.serial === serial)?.status).toBe('profile_cleared');
      const history = await cli('history', serial, '--lang', 'en');
      expect(history.stdout).toContain('cleared at Apple by an administrator: wrong profile, to be re-routed');
    });

    it('disowns devices at Apple with a reason: released for good, in status and history', async () => {
      const [, one = '', two = ''] = serials;
      const disowned = await cli('disown', one, two, '--reason', 'sold to employees', '--apple-url', url, '--json');
      expect(disowned.code).toBe(0);
      expect(json<{ devices: { serial: string; apple: string }[] }>(disowned).devices.map((d) => d.apple)).toEqual(['success', 'success']);
      const rows = json<Row[]>(await cli('devices', '--json'));
      expect(rows.filter((d) => d.serial === one || d.serial === two).map((d) => d.status)).toEqual(['released', 'released']);
      expect((await cli('history', one, '--lang', 'fr')).stdout).toContain(
        "Cédé par un administrateur (retiré de l'organisation chez Apple) : sold to employees",
      );
      expect(await streamTypes(db, `dep-device-${one}`)).toContain('DeviceDisowned.v1');
    });

    it('refuses a released or unknown serial, or a missing reason, before calling Apple: nothing recorded', async () => {
      const before = await eventCount(db);
      const [, released = '', , fine = ''] = serials;
      const again = await cli('disown', fine, released, '--reason', 'twice', '--apple-url', url);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^error DEVICE_NOT_ASSIGNED: Device .* Nothing was sent to Apple\./);
      const unknown = await cli('clear-profile', 'NOSUCHSERIAL1', '--reason', 'x', '--apple-url', url);
      expect(unknown.stderr).toMatch(/^error DEVICE_UNKNOWN: /);
      const blank = await cli('disown', fine, '--reason', '  ', '--apple-url', url);
      expect(blank.code).toBe(2);
      expect(blank.stderr).toMatch(/^error INVALID_INPUT: .*reason: say why/);
      expect(await eventCount(db)).toBe(before);
      expect(json<Row[]>(await cli('devices', '--json')).find((d) => d.serial === fine)?.status).toBe('not_contacted');
    });
  });

  describe('activation lock', () => {
    it('escrows Activation Lock with secrets from a file, keeps them in the vault only, and shows the bypass code', async () => {
      const serial = json<{ serial: string; status: string }[]>(await cli('devices', '--json')).filter(
        (d) => d.status === 'not_contacted',
      )[1]?.serial as string;
      const escrowKey = 'c0ffee'.repeat(10) + 'beef';
      const bypassCode = 'K0H4T-2RWQ9-WJ7KM-4QXLM-N3P8F-R';
      writeFileSync(join(dir, 'lock.json'), JSON.stringify({ escrowKey, bypassCode }));
      writeFileSync(join(dir, 'bad-lock.json'), JSON.stringify({ escrowKey: 'c0ffee' }));
      const before = await eventCount(db);
      const bad = await cli('activation-lock', serial, '--secrets', 'bad-lock.json', '--apple-url', url);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^error INVALID_INPUT: .*activationLock\.escrowKey: 64 hexadecimal characters/);
      expect(await eventCount(db)).toBe(before);

      const locked = await cli('activation-lock', serial, '--secrets', 'lock.json', '--lost-message', 'Call IT', '--apple-url', url);
      expect(locked.code).toBe(0);
      expect(locked.stdout).toContain(`${serial}: Activation Lock enabled at Apple; escrow key and bypass code kept in the vault.`);
      expect(sim.devices.activationLock(serial)).toMatchObject({ escrowKey });
      expect(await streamTypes(db, `dep-device-${serial}`)).toContain('ActivationLockEscrowed.v1');
      const shown = await cli('activation-lock', serial, '--show-bypass-code');
      expect(shown.stdout.trim()).toBe(bypassCode);
      const again = await cli('activation-lock', serial, '--apple-url', url);
      expect(again.code).toBe(1);
      expect(again.stdout).toContain('Apple answered DEVICE_ALREADY_LOCKED; nothing recorded.');
    });
  });

  describe('account-driven enrollment', () => {
    it('sets, reads and removes the profile at Apple; a URL that is not https is refused and records nothing', async () => {
      const sd = 'https://mdm.example.com/.well-known/com.apple.remotemanagement';
      const set = await cli('token', 'account-enrollment', '--token', 'paris', '--set', sd, '--apple-url', url, '--lang', 'en');
      expect(set.code).toBe(0);
      expect(set.stdout).toContain(`Token paris: account-driven enrollment sends devices to ${sd}`);
      const read = json<{ atApple: { serviceDiscoveryUrl: string } | null; recorded: { serviceDiscoveryUrl: string } | null }>(
        await cli('token', 'account-enrollment', '--token', 'paris', '--apple-url', url, '--json'),
      );
      expect(read).toMatchObject({ atApple: { serviceDiscoveryUrl: sd }, recorded: { serviceDiscoveryUrl: sd } });
      const before = await eventCount(db);
      const bad = await cli('token', 'account-enrollment', '--token', 'paris', '--set', 'http://mdm.example.com/sd', '--apple-url', url);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^error INVALID_INPUT: .*serviceDiscoveryUrl: an absolute https:\/\/ URL/);
      expect(await eventCount(db)).toBe(before);
      const removed = await cli('token', 'account-enrollment', '--token', 'paris', '--remove', '--apple-url', url);
      expect(removed.code).toBe(0);
      expect(removed.stdout).toContain('Apple holds no account-driven enrollment profile');
      expect(await streamTypes(db, 'dep-token-paris')).toEqual(
        expect.arrayContaining(['AccountDrivenEnrollmentProfileSet.v1', 'AccountDrivenEnrollmentProfileRemoved.v1']),
      );
    });
  });

  describe('enrollment check', () => {
    it("answers Apple's software update required for a signed MachineInfo below its rule's minimum OS, and allow above", async () => {
      const serial = json<{ serial: string; status: string }[]>(await cli('devices', '--json')).filter(
        (d) => d.status === 'not_contacted',
      )[2]?.serial as string;
      writeFileSync(
        join(dir, 'min-rules.json'),
        JSON.stringify([{ profileId: 'ipads', when: { serials: [serial] }, minimumOs: { iOS: { version: '17.1', build: '21B74' } } }]),
      );
      expect((await cli('profile', 'rules', '--token', 'paris', '--set', 'min-rules.json')).code).toBe(0);
      const { caPem, device } = testDeviceIdentity();
      writeFileSync(join(dir, 'ca.pem'), caPem);
      writeFileSync(join(dir, 'old.p7s'), signedMachineInfo({ SERIAL: serial, PRODUCT: 'iPhone15,2', OS_VERSION: '16.7' }, device));
      writeFileSync(
        join(dir, 'new.b64'),
        signedMachineInfo({ SERIAL: serial, PRODUCT: 'iPhone15,2', OS_VERSION: '17.2' }, device).toString('base64'),
      );
      const old = await cli('enrollment-check', '--machine-info', 'old.p7s', '--trust', 'ca.pem');
      expect(old.code).toBe(1);
      expect(old.stdout).toContain(
        `${serial}: answer 403 {"code":"com.apple.softwareupdate.required","details":{"OSVersion":"17.1","BuildVersion":"21B74"}} (iOS 16.7 is below the minimum 17.1 of rule 1).`,
      );
      // why, in the language asked
      const inFrench = await cli('--lang', 'fr', 'enrollment-check', '--machine-info', 'old.p7s', '--trust', 'ca.pem');
      expect(inFrench.stdout).toContain('(iOS 16.7 est sous le minimum 17.1 de la règle 1).');
      expect((await cli('enrollment-check', '--machine-info', 'new.b64', '--trust', 'ca.pem')).code).toBe(0);
      writeFileSync(join(dir, 'garbage.p7s'), 'not a signed plist');
      const garbage = await cli('enrollment-check', '--machine-info', 'garbage.p7s');
      expect(garbage.code).toBe(2);
      expect(garbage.stderr).toMatch(/^error MACHINE_INFO_INVALID: /);
      writeFileSync(join(dir, 'no-rules.json'), '[]');
      expect((await cli('profile', 'rules', '--token', 'paris', '--set', 'no-rules.json')).code).toBe(0);
    });
  });

  describe('routing', () => {
    it('sets ordered rules and shows, in a dry run, which profile each device would get and why; bad rules record nothing', async () => {
      type Decision = { serial: string; profileId: string | null; source: string; reason: string };
      const all = json<{ decisions: Decision[] }>(await cli('profile', 'route', '--token', 'paris', '--dry-run', '--json')).decisions;
      expect(all.length).toBeGreaterThan(0);
      expect(all.every((d) => d.source === 'none')).toBe(true);
      const [first] = all;
      writeFileSync(join(dir, 'rules.json'), JSON.stringify([{ profileId: 'ipads', when: { serials: [first?.serial] }, note: 'shared' }]));
      expect((await cli('profile', 'rules', '--token', 'paris', '--set', 'rules.json')).code).toBe(0);
      const routed = await cli('profile', 'route', '--token', 'paris', '--dry-run', '--serial', first?.serial ?? '', 'NEWSERIAL001');
      expect(routed.stdout).toMatch(new RegExp(`${first?.serial}\\s+ipads\\s+rule 1 \\(shared\\): serial ${first?.serial}`));
      expect(routed.stdout).toMatch(/NEWSERIAL001\s+-\s+no rule matched and the token has no default profile/);

      const before = await eventCount(db);
      writeFileSync(join(dir, 'bad-rules.json'), JSON.stringify([{ profileId: 'nope', when: {} }]));
      const unknown = await cli('profile', 'rules', '--token', 'paris', '--set', 'bad-rules.json');
      expect(unknown.stderr).toMatch(/^error PROFILE_NOT_FOUND: Rule 1: profile nope does not exist/);
      writeFileSync(join(dir, 'odd-rules.json'), JSON.stringify([{ profileId: 'ipads', when: { colour: ['red'] } }]));
      const odd = await cli('profile', 'rules', '--token', 'paris', '--set', 'odd-rules.json');
      expect(odd.code).toBe(2);
      expect(odd.stderr).toMatch(/^error INVALID_INPUT: .*rules\.0\.when/);
      const badSerial = await cli('profile', 'route', '--token', 'paris', '--dry-run', '--serial', 'not-a-serial');
      expect(badSerial.code).toBe(2);
      expect(badSerial.stderr).toMatch(/^error INVALID_INPUT: .*devices\.0\.serial/);
      expect(await eventCount(db)).toBe(before);
    });
  });

  describe('renewal', () => {
    it('a second key asks for --renew; a token of another MDM server is refused unless --replaces', async () => {
      const before = await eventCount(db);
      const unconfirmed = await cli('key', 'generate', '--token', 'paris', '--out', 'paris-2.pem');
      expect(unconfirmed.code).toBe(2);
      expect(unconfirmed.stderr).toMatch(/^error RENEWAL_NOT_CONFIRMED: Token paris has an active server token .*--renew/);
      expect(await eventCount(db)).toBe(before);
      expect((await cli('key', 'generate', '--token', 'paris', '--out', 'paris-2.pem', '--renew')).code).toBe(0);
      const other = await cli('simulator', 'portal', 'add-server', '--pem', 'paris-2.pem', '--out', 'other.p7m', '--simulator-url', url);
      expect(other.code).toBe(0);
      const upload = [
        'token',
        'upload',
        '--token',
        'paris',
        '--file',
        'other.p7m',
        '--apple-id',
        'alice@contoso.example',
        '--apple-url',
        url,
      ];
      const head = await eventCount(db);
      const refused = await cli(...upload);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error RENEWAL_SERVER_MISMATCH: This server token belongs to MDM server .* --replaces/);
      expect(await eventCount(db)).toBe(head);
      const replaced = await cli(...upload, '--replaces');
      expect(replaced.code).toBe(0);
    });
  });
});
