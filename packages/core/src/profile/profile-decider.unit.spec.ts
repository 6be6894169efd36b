import { DeciderSpecification, draft, parseProfileSettings, profileDecider, type ProfileCommand, type ProfileEvent } from '../index';

const spec = DeciderSpecification.for(profileDecider);
const metadata = { now: new Date('2026-01-05T10:00:00Z'), actor: 'admin:alice' };
const input = { name: 'Corporate iPhones', url: 'https://mdm.example.com/enroll', skipSetupItems: ['Siri' as const, 'Location' as const] };
const settings = parseProfileSettings(input);
const defined = draft<ProfileEvent>('ProfileDefined', { profileId: 'corp', tokenId: 'paris', version: 1, settings, warnings: [] });
const published = draft<ProfileEvent>('ProfilePublished', { profileId: 'corp', version: 1, profileUuid: 'A'.repeat(32) });
const define = (over: Record<string, unknown> = {}): ProfileCommand => ({
  type: 'DefineProfile',
  data: { profileId: 'corp', tokenId: 'paris', settings: { ...input, ...over } as never },
  metadata,
});

describe('EnrollmentProfile decider', () => {
  it('defines a profile with safe defaults: supervised, mandatory, not removable by the user', () => {
    spec.given([]).when(define()).then([defined]);
    expect(settings).toMatchObject({ supervised: true, mandatory: true, mdmRemovable: false, userAffinity: true, description: '' });
  });

  it.each([
    ['name', { name: '' }, 'CONFIG_NAME_REQUIRED'],
    ['name', { name: 'x'.repeat(126) }, 'CONFIG_NAME_INVALID'],
    ['url', { url: '' }, 'CONFIG_URL_REQUIRED'],
    ['url', { url: 'ftp://nope' }, 'CONFIG_URL_INVALID'],
    ['supportPhone', { supportPhone: '1'.repeat(51) }, 'SUPPORT_PHONE_INVALID'],
    ['supportEmail', { supportEmail: `${'a'.repeat(245)}@x.com` }, 'SUPPORT_EMAIL_INVALID'],
    ['department', { department: 'd'.repeat(126) }, 'DEPARTMENT_INVALID'],
    ['orgMagic', { orgMagic: 'm'.repeat(257) }, 'MAGIC_INVALID'],
    ['language', { language: 'french' }, 'LOCALE_INVALID'],
    ['region', { region: 'FRA' }, 'LOCALE_INVALID'],
    ['mdmRemovable', { supervised: false }, 'FLAGS_INVALID'],
    ['skipSetupItems', { skipSetupItems: ['No such pane'] }, 'letters and digits'],
    ['skipSetupItems', { skipSetupItems: ['Siri', 'Siri'] }, 'each skip key once'],
    ['configurationWebUrl', { configurationWebUrl: 'javascript:alert(1)' }, 'CONFIG_URL_INVALID'],
    ['anchorCertificates', { anchorCertificates: ['bm90IGEgY2VydA=='] }, 'anchor_certs'],
    ['supervisingHostCertificates', { supervisingHostCertificates: ['%%%'] }, 'supervising_host_certs'],
  ])('refuses %s past Apple limits (%s) naming the field and Apple code', (field, over, appleCode) => {
    let error: unknown;
    try {
      profileDecider.decide(define(over), profileDecider.initialState());
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'PROFILE_INVALID' });
    const issues = (error as { issues: { path: string; message: string }[] }).issues;
    expect(issues.some((i) => i.path.startsWith(field) && i.message.includes(appleCode))).toBe(true);
  });

  it('accepts values exactly at the limits', () => {
    spec
      .given([])
      .when(define({ name: 'n'.repeat(125), supportPhone: '1'.repeat(50), department: 'd'.repeat(125), orgMagic: 'm'.repeat(256) }))
      .thenMatches((events) => expect(events).toHaveLength(1));
  });

  it('allows a user-removable profile only when it is not mandatory about removal', () => {
    spec
      .given([])
      .when(define({ supervised: false, mdmRemovable: true }))
      .thenMatches((events) => expect(events).toHaveLength(1));
  });

  it('refuses to define the same profile twice', () => {
    spec.given([defined]).when(define()).thenThrows('PROFILE_EXISTS');
  });

  it('revises into a new version, and ignores a revision that changes nothing', () => {
    const revise = (over: Record<string, unknown>): ProfileCommand => ({
      type: 'ReviseProfile',
      data: { profileId: 'corp', settings: { ...input, ...over } as never },
      metadata,
    });
    spec
      .given([defined, published])
      .when(revise({ department: 'Sales' }))
      .then([
        draft<ProfileEvent>('ProfileRevised', {
          profileId: 'corp',
          version: 2,
          settings: parseProfileSettings({ ...input, department: 'Sales' }),
          warnings: [],
        }),
      ]);
    spec.given([defined, published]).when(revise({})).thenNothing();
  });

  it('publishes the current version once, and refuses a stale version', () => {
    const publish = (version: number, uuid = 'A'.repeat(32)): ProfileCommand => ({
      type: 'PublishProfile',
      data: { profileId: 'corp', version, profileUuid: uuid },
      metadata,
    });
    spec.given([defined]).when(publish(1)).then([published]);
    spec.given([defined, published]).when(publish(1)).thenNothing();
    const revised = draft<ProfileEvent>('ProfileRevised', { profileId: 'corp', version: 2, settings, warnings: [] });
    spec.given([defined, published, revised]).when(publish(1)).thenThrows('PROFILE_VERSION_STALE');
    const state = spec.given([defined, published, revised]).state();
    expect(state.status).toBe('draft');
  });

  it('refuses to retire the default profile, retires others, and then refuses changes', () => {
    const retire = (isDefaultOfToken: boolean): ProfileCommand => ({
      type: 'RetireProfile',
      data: { profileId: 'corp', reason: 'replaced', isDefaultOfToken },
      metadata,
    });
    spec.given([defined, published]).when(retire(true)).thenThrows('PROFILE_IS_DEFAULT');
    const retired = draft<ProfileEvent>('ProfileRetired', { profileId: 'corp', reason: 'replaced' });
    spec.given([defined, published]).when(retire(false)).then([retired]);
    spec
      .given([defined, published, retired])
      .when({ type: 'ReviseProfile', data: { profileId: 'corp', settings: input }, metadata })
      .thenThrows('PROFILE_RETIRED');
  });

  it('refuses commands on a profile that does not exist', () => {
    spec
      .given([])
      .when({ type: 'PublishProfile', data: { profileId: 'corp', version: 1, profileUuid: 'B'.repeat(32) }, metadata })
      .thenThrows('PROFILE_NOT_FOUND');
  });

  it("sets, changes and removes the profile's minimum OS, once each, and keeps it across a revision", () => {
    const minimumOs = { iOS: { version: '17.1', build: '21B74' } };
    const setMinimum = (value: typeof minimumOs | { macOS: { version: string } } | null): ProfileCommand => ({
      type: 'SetProfileMinimumOs',
      data: { profileId: 'corp', minimumOs: value },
      metadata,
    });
    const set = draft<ProfileEvent>('ProfileMinimumOsSet', { profileId: 'corp', minimumOs });
    const removed = draft<ProfileEvent>('ProfileMinimumOsRemoved', { profileId: 'corp' });
    spec.given([defined, published]).when(setMinimum(minimumOs)).then([set]);
    spec.given([defined, published, set]).when(setMinimum(minimumOs)).then([]);
    spec
      .given([defined, published, set])
      .when(setMinimum({ macOS: { version: '14.0' } }))
      .then([draft<ProfileEvent>('ProfileMinimumOsSet', { profileId: 'corp', minimumOs: { macOS: { version: '14.0' } } })]);
    spec.given([defined, published, set]).when(setMinimum(null)).then([removed]);
    spec.given([defined, published, set, removed]).when(setMinimum(null)).then([]);
    spec.given([]).when(setMinimum(minimumOs)).thenThrows('PROFILE_NOT_FOUND');
    spec
      .given([defined, draft<ProfileEvent>('ProfileRetired', { profileId: 'corp', reason: 'replaced' })])
      .when(setMinimum(minimumOs))
      .thenThrows('PROFILE_RETIRED');

    const revised = draft<ProfileEvent>('ProfileRevised', { profileId: 'corp', version: 2, settings, warnings: [] });
    const state = [defined, published, set, revised].reduce(
      (s, e) => profileDecider.evolve(s, { ...e, metadata: { occurredAt: '2026-01-05T10:00:00.000Z' } } as never),
      profileDecider.initialState(),
    );
    expect(state).toMatchObject({ version: 2, status: 'draft', minimumOs });
  });
});
