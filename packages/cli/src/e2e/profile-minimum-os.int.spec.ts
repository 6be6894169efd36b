import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { json } from '../test-support/cli-process';
import { simulatedCli } from '../test-support/simulated-token';
import { foreignWord } from '../test-support/one-language';
import { eventCount, streamTypes } from '../test-support/store-probe';
import { signedMachineInfo, testDeviceIdentity } from '../../../apple/src/test-support/signed-machine-info';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

type Row = { profileId: string; minimumOs: Record<string, { version: string; build?: string }> | null };

/**
 * `depledger profile minimum-os` through the binary, against the simulator over loopback HTTP: a
 * device of the token's default profile (no routing rule at all) is answered from its profile's
 * minimum by `enrollment-check`, in English and in French; a rule's own minimum comes first; bad
 * flags record nothing.
 */
describe('a minimum OS per profile through the CLI', () => {
  let serial = '';
  const e2e = simulatedCli('profile-minimum-os', {
    seed: 2419,
    token: { id: 'paris', devices: 3 },
    prepare: async ({ cli, dir, url }) => {
      const steps = [
        ['profile', 'define', 'corp', '--token', 'paris', '--name', 'Corporate', '--url', 'https://mdm.example.com/enroll'],
        ['profile', 'publish', 'corp', '--apple-url', url],
        ['profile', 'default', 'corp', '--token', 'paris'],
        ['sync', '--token', 'paris', '--full', '--apple-url', url],
      ];
      for (const step of steps) {
        const run = await cli(...step);
        if (run.code !== 0) throw new Error(`${step.join(' ')} failed: ${run.stderr}`);
      }
      serial = json<{ serial: string }[]>(await cli('devices', '--json'))[0]?.serial ?? '';
      const { caPem, device } = testDeviceIdentity();
      writeFileSync(join(dir, 'ca.pem'), caPem);
      writeFileSync(join(dir, 'old.p7s'), signedMachineInfo({ SERIAL: serial, PRODUCT: 'iPhone15,2', OS_VERSION: '16.7' }, device));
      writeFileSync(join(dir, 'new.p7s'), signedMachineInfo({ SERIAL: serial, PRODUCT: 'iPhone15,2', OS_VERSION: '17.2' }, device));
    },
  });
  const { cli, db } = e2e;
  const check = (file: string, ...lang: string[]) => cli(...lang, 'enrollment-check', '--machine-info', file, '--trust', 'ca.pem');

  it("sets a profile's minimum, shows it, and answers a default-profile device from it, in English", async () => {
    expect((await check('old.p7s')).stdout).toContain(`${serial}: allow (no minimum iOS set).`);

    const set = await cli('profile', 'minimum-os', 'corp', '--os', 'iOS=17.1', '--build', 'iOS=21B74', '--lang', 'en');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Profile corp: minimum OS at enrollment iOS 17.1 (21B74) (depledger’s own, never sent to Apple).');
    expect(await streamTypes(db, 'dep-profile-corp')).toContain('ProfileMinimumOsSet.v1');
    const again = await cli('profile', 'minimum-os', 'corp', '--os', 'iOS=17.1', '--build', 'iOS=21B74', '--lang', 'en');
    expect(again.stdout).toContain('Unchanged: nothing recorded.');

    const list = await cli('profile', 'list', '--lang', 'en');
    expect(list.stdout).toMatch(/MINIMUM OS/);
    expect(list.stdout).toMatch(/corp \(default\)\s+paris\s+1\s+published\s+\S+\s+iOS 17\.1 \(21B74\)/);
    expect(json<Row[]>(await cli('profile', 'list', '--json'))).toEqual([
      expect.objectContaining({ profileId: 'corp', minimumOs: { iOS: { version: '17.1', build: '21B74' } } }),
    ]);

    const head = await eventCount(db);
    const old = await check('old.p7s', '--lang', 'en');
    expect(old.code).toBe(1);
    expect(old.stdout).toContain(
      `${serial}: answer 403 {"code":"com.apple.softwareupdate.required","details":{"OSVersion":"17.1","BuildVersion":"21B74"}} (iOS 16.7 is below the minimum 17.1 of profile corp).`,
    );
    expect(json(await check('old.p7s', '--json'))).toMatchObject({
      allow: false,
      profileId: 'corp',
      rule: null,
      reason: { code: 'below_minimum', from: 'profile', profileId: 'corp' },
    });
    const fresh = await check('new.p7s', '--lang', 'en');
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain(`${serial}: allow (iOS 17.2 meets the minimum 17.1 of profile corp).`);
    for (const result of [set, again, list, old, fresh]) expect(foreignWord(result, 'en')).toBeNull();
    expect(await eventCount(db)).toBe(head);
  });

  it('says it all in French', async () => {
    const shown = await cli('--lang', 'fr', 'profile', 'minimum-os', 'corp');
    expect(shown.stdout).toContain(
      'Profil corp : OS minimal à l’inscription iOS 17.1 (21B74) (propre à depledger, jamais envoyé à Apple).',
    );
    expect((await cli('--lang', 'fr', 'profile', 'list')).stdout).toMatch(/OS MINIMAL[\s\S]*iOS 17\.1 \(21B74\)/);
    const old = await check('old.p7s', '--lang', 'fr');
    expect(old.code).toBe(1);
    expect(old.stdout).toContain('(iOS 16.7 est sous le minimum 17.1 du profil corp).');
    const help = await cli('--lang', 'fr', 'profile', 'minimum-os', '--help');
    expect(help.stdout).toMatch(/l’OS le plus ancien avec lequel\s+un\s+appareil\s+dirigé\s+vers\s+le\s+profil/);
    const bad = await cli('--lang', 'fr', 'profile', 'minimum-os', 'corp', '--os', 'iOS');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--os attend plateforme=valeur, par exemple iOS=17.1 ; reçu « iOS ».');
    const unknown = await cli('--lang', 'fr', 'profile', 'minimum-os', 'nosuch');
    expect(unknown.stderr).toMatch(/^erreur PROFILE_NOT_FOUND : Le profil nosuch n’existe pas/);
    // nothing English in what a French reader reads
    for (const result of [shown, old, bad, unknown, await cli('--lang', 'fr', 'profile', 'list')])
      expect(foreignWord(result, 'fr')).toBeNull();
  });

  it("takes a matching rule's own minimum for the platform first", async () => {
    writeFileSync(
      join(e2e.dir, 'rules.json'),
      JSON.stringify([{ profileId: 'corp', when: { serials: [serial] }, minimumOs: { iOS: { version: '16.0' } } }]),
    );
    expect((await cli('profile', 'rules', '--token', 'paris', '--set', 'rules.json')).code).toBe(0);
    const old = await check('old.p7s', '--lang', 'en');
    expect(old.code).toBe(0);
    expect(old.stdout).toContain(`${serial}: allow (iOS 16.7 meets the minimum 16.0 of rule 1).`);
    writeFileSync(join(e2e.dir, 'no-rules.json'), '[]');
    expect((await cli('profile', 'rules', '--token', 'paris', '--set', 'no-rules.json')).code).toBe(0);
    expect((await check('old.p7s')).code).toBe(1);
  });

  it('refuses bad flags with a typed error naming the field, and records nothing', async () => {
    const head = await eventCount(db);
    const refusals: Array<[string[], number, RegExp]> = [
      [['--os', 'iOS=seventeen'], 2, /^error INVALID_INPUT: .*minimumOs\.iOS\.version: a version such as 17\.1/],
      [['--os', 'iOS=17.1', '--build', 'iOS=latest'], 2, /^error INVALID_INPUT: .*minimumOs\.iOS\.build: Apple's build number/],
      [['--os', 'watchOS=10.0'], 2, /^error INVALID_INPUT: .*minimumOs/],
      [['--os', 'iOS=17.1', '--build', 'macOS=23A344'], 2, /^error INVALID_INPUT: --build macOS without --os for that platform/],
      [['--build', 'iOS=21B74'], 2, /^error INVALID_INPUT: --build iOS=21B74 without --os/],
      [['--os', 'iOS=17.1', '--clear'], 2, /^error INVALID_INPUT: Give either --os \(and --build\) or --clear/],
    ];
    for (const [flags, code, stderr] of refusals) {
      const refused = await cli('profile', 'minimum-os', 'corp', ...flags, '--lang', 'en');
      expect([flags, refused.code]).toEqual([flags, code]);
      expect(refused.stderr).toMatch(stderr);
    }
    const unknown = await cli('profile', 'minimum-os', 'nosuch', '--os', 'iOS=17.1', '--lang', 'en');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error PROFILE_NOT_FOUND: /);
    expect(await eventCount(db)).toBe(head);
    expect(json<Row[]>(await cli('profile', 'list', '--json'))[0]?.minimumOs).toEqual({ iOS: { version: '17.1', build: '21B74' } });
  });

  it('clears the minimum: the device enrolls whatever its OS again', async () => {
    const cleared = await cli('profile', 'minimum-os', 'corp', '--clear', '--lang', 'en');
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('Profile corp sets no minimum OS');
    expect(await streamTypes(db, 'dep-profile-corp')).toContain('ProfileMinimumOsRemoved.v1');
    const old = await check('old.p7s', '--lang', 'en');
    expect(old.code).toBe(0);
    expect(old.stdout).toContain('allow (no minimum iOS set).');
  });
});
