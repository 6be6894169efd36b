import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  certificatesFromPem,
  depledgerSerde,
  parseProfileSettings,
  profileDecider,
  setupAssistantKey,
  setupAssistantKeys,
  type ProfileCommand,
  type ProfileDefined,
  type StoredEvent,
} from '../index';

const fixtures = join(__dirname, '..', '__fixtures__');
const anchorPem = readFileSync(join(fixtures, 'anchor-root.pem'), 'utf8');
const basics = { name: 'Corporate Macs', url: 'https://mdm.example.com/enroll' };
const metadata = { now: new Date('2026-01-05T10:00:00Z'), actor: 'admin:alice' };
const define = (settings: Record<string, unknown>): ProfileCommand => ({
  type: 'DefineProfile',
  data: { profileId: 'corp', tokenId: 'paris', settings: { ...basics, ...settings } as never },
  metadata,
});
const definedBy = (settings: Record<string, unknown>) => {
  const [event] = profileDecider.decide(define(settings), profileDecider.initialState());
  return event as unknown as { type: 'ProfileDefined'; data: ProfileDefined['data'] };
};

describe("a profile's settings cover Apple's profile", () => {
  it('takes every field of Apple’s profile, certificates from PEM included', () => {
    const [certificate] = certificatesFromPem(`${anchorPem}\n${anchorPem}`);
    expect(certificatesFromPem(`${anchorPem}${anchorPem}`)).toHaveLength(2);
    const settings = parseProfileSettings({
      ...basics,
      multiUser: true,
      returnToService: true,
      doNotUseProfileFromBackup: true,
      anchorCertificates: [certificate ?? ''],
      supervisingHostCertificates: [certificate ?? ''],
      configurationWebUrl: 'https://mdm.example.com/sign-in',
      orgMagic: 'contoso',
    });
    expect(settings).toMatchObject({ multiUser: true, returnToService: true, doNotUseProfileFromBackup: true });
    expect(settings.anchorCertificates).toEqual([certificate]);
  });

  it("defaults Apple's newer fields to Apple's defaults", () => {
    expect(parseProfileSettings(basics)).toMatchObject({
      multiUser: false,
      returnToService: false,
      doNotUseProfileFromBackup: false,
      anchorCertificates: [],
      supervisingHostCertificates: [],
    });
  });

  it('keeps nothing when one field is wrong, naming it', () => {
    expect(() => profileDecider.decide(define({ anchorCertificates: ['AAAA'], multiUser: true }), profileDecider.initialState())).toThrow(
      expect.objectContaining({ code: 'PROFILE_INVALID', issues: [expect.objectContaining({ path: 'anchorCertificates.0' })] }),
    );
  });
});

describe('the Setup Assistant catalogue', () => {
  it('knows the keys Apple added for recent OS versions, with platforms, versions and both languages', () => {
    for (const key of ['UnlockWithWatch', 'AdditionalPrivacySettings', 'Tips', 'Multitasking', 'WebContentFiltering']) {
      const entry = setupAssistantKey(key);
      expect(entry).toBeDefined();
      expect(Object.keys(entry?.platforms ?? {}).length).toBeGreaterThan(0);
    }
    expect(setupAssistantKey('UnlockWithWatch')?.platforms.macOS?.added).toBe('15.0');
    for (const entry of setupAssistantKeys) {
      expect(entry.en.length).toBeGreaterThan(0);
      expect(entry.fr.length).toBeGreaterThan(0);
    }
    expect(new Set(setupAssistantKeys.map((k) => k.key)).size).toBe(setupAssistantKeys.length);
  });

  it('records a profile with known keys without warnings', () => {
    expect(definedBy({ skipSetupItems: ['Siri', 'UnlockWithWatch', 'Tips'] }).data.warnings).toEqual([]);
  });

  it('accepts a key it does not know, recording a warning on the profile', () => {
    const event = definedBy({ skipSetupItems: ['Siri', 'AccessibilityAppearance'] });
    expect(event.data.settings.skipSetupItems).toEqual(['Siri', 'AccessibilityAppearance']);
    expect(event.data.warnings).toEqual([expect.objectContaining({ key: 'AccessibilityAppearance', kind: 'unknown_skip_key' })]);
  });

  it('flags the keys Apple retired', () => {
    const event = definedBy({ skipSetupItems: ['DisplayTone', 'Wallpaper', 'Zoom'] });
    expect(event.data.warnings.map((w) => [w.key, w.kind])).toEqual([
      ['DisplayTone', 'removed_skip_key'],
      ['Wallpaper', 'removed_skip_key'],
      ['Zoom', 'removed_skip_key'],
    ]);
    expect(event.data.warnings[1]?.message).toContain('macOS 26.0');
  });

  it('accepts any well-spelt key, and warns exactly for those outside the catalogue', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,20}$/), { maxLength: 8 }), (keys) => {
        const { warnings } = definedBy({ skipSetupItems: keys }).data;
        const unknown = keys.filter((k) => setupAssistantKey(k) === undefined);
        expect(warnings.filter((w) => w.kind === 'unknown_skip_key').map((w) => w.key)).toEqual(unknown);
      }),
    );
  });
});

describe('profiles stored before', () => {
  it('still read, with Apple’s defaults for the new fields and no warnings', () => {
    const { stored } = JSON.parse(readFileSync(join(fixtures, 'profile-defined.2016.json'), 'utf8')) as { stored: StoredEvent };
    const event = depledgerSerde.decode<ProfileDefined>(stored);
    expect(event.data.warnings).toEqual([]);
    expect(event.data.settings).toMatchObject({ skipSetupItems: ['Siri', 'Location'], multiUser: false, anchorCertificates: [] });
    const state = profileDecider.evolve(profileDecider.initialState(), event);
    expect(state).toMatchObject({ status: 'draft', warnings: [] });
  });
});
