import {
  compareOsVersions,
  enrollmentAnswer,
  enrollmentAnswerFrom,
  minimumOsSchema,
  platformOfProduct,
  type MinimumOsSource,
} from '../../index';

const minimum = minimumOsSchema.parse({ iOS: { version: '17.1', build: '21B74' }, macOS: { version: '14.0' } });

describe('the enrollment decision (pure)', () => {
  it('knows the platform of Apple model identifiers', () => {
    expect(
      ['iPhone15,2', 'iPod9,1', 'iPad13,4', 'Mac14,2', 'MacBookPro18,1', 'AppleTV14,1', 'RealityDevice14,1', 'Watch7,1'].map(
        platformOfProduct,
      ),
    ).toEqual(['iOS', 'iOS', 'iPadOS', 'macOS', 'macOS', 'tvOS', 'visionOS', null]);
  });

  it('compares versions part by part', () => {
    expect(compareOsVersions('17.10', '17.9')).toBe(1);
    expect(compareOsVersions('17', '17.0.0')).toBe(0);
    expect(compareOsVersions('16.7.2', '17.1')).toBe(-1);
  });

  it("answers Apple's software update required below the minimum, with the build when set, and allows from it up", () => {
    expect(enrollmentAnswer(minimum, { product: 'iPhone15,2', osVersion: '16.7.2' })).toEqual({
      allow: false,
      status: 403,
      body: { code: 'com.apple.softwareupdate.required', details: { OSVersion: '17.1', BuildVersion: '21B74' } },
      why: 'iOS 16.7.2 is below the minimum 17.1',
      reason: { code: 'below_minimum', platform: 'iOS', osVersion: '16.7.2', minimum: '17.1' },
    });
    expect(enrollmentAnswer(minimum, { product: 'Mac14,2', osVersion: '13.6' }).body).toEqual({
      code: 'com.apple.softwareupdate.required',
      details: { OSVersion: '14.0' },
    });
    expect(enrollmentAnswer(minimum, { product: 'iPhone15,2', osVersion: '17.1' })).toMatchObject({ allow: true, status: 200, body: null });
    expect(enrollmentAnswer(minimum, { product: 'iPad13,4', osVersion: '12.0' })).toMatchObject({
      allow: true,
      why: 'no minimum iPadOS set',
    });
    expect(enrollmentAnswer(minimum, { product: 'iPhone15,2', osVersion: null })).toMatchObject({ allow: true });
    expect(enrollmentAnswer(null, { product: 'iPhone15,2', osVersion: '9.0' })).toMatchObject({ allow: true });
  });

  it('refuses a malformed minimum naming the field', () => {
    const result = minimumOsSchema.safeParse({ iOS: { version: 'seventeen' } });
    expect(result.error?.issues[0]?.path).toEqual(['iOS', 'version']);
    expect(minimumOsSchema.safeParse({ watchOS: { version: '10.0' } }).success).toBe(false);
  });

  describe("a rule's minimum, then the profile's", () => {
    const rule = (minimumOs: object | undefined): MinimumOsSource => ({
      origin: { from: 'rule', rule: 2 },
      minimumOs: minimumOs === undefined ? undefined : minimumOsSchema.parse(minimumOs),
    });
    const profile: MinimumOsSource = { origin: { from: 'profile', profileId: 'corp' }, minimumOs: minimum };
    const iPhone = (osVersion: string) => ({ product: 'iPhone15,2', osVersion });

    it("takes the rule's minimum for the platform when it sets one, even below the profile's", () => {
      const answer = enrollmentAnswerFrom([rule({ iOS: { version: '16.0' } }), profile], iPhone('16.7.2'));
      expect(answer).toMatchObject({ allow: true, why: 'iOS 16.7.2 meets the minimum 16.0 of rule 2' });
      expect(answer.reason).toEqual({
        code: 'meets_minimum',
        platform: 'iOS',
        osVersion: '16.7.2',
        minimum: '16.0',
        from: 'rule',
        rule: 2,
      });
      expect(enrollmentAnswerFrom([rule({ iOS: { version: '18.0' } }), profile], iPhone('17.1'))).toMatchObject({
        allow: false,
        body: { details: { OSVersion: '18.0' } },
        why: 'iOS 17.1 is below the minimum 18.0 of rule 2',
      });
    });

    it("takes the profile's minimum when the rule sets none for the platform, or there is no rule", () => {
      for (const sources of [[rule(undefined), profile], [rule({ macOS: { version: '15.0' } }), profile], [profile]]) {
        const answer = enrollmentAnswerFrom(sources, iPhone('16.7.2'));
        expect(answer).toMatchObject({
          allow: false,
          status: 403,
          body: { code: 'com.apple.softwareupdate.required', details: { OSVersion: '17.1', BuildVersion: '21B74' } },
          why: 'iOS 16.7.2 is below the minimum 17.1 of profile corp',
        });
        expect(answer.reason).toEqual({
          code: 'below_minimum',
          platform: 'iOS',
          osVersion: '16.7.2',
          minimum: '17.1',
          from: 'profile',
          profileId: 'corp',
        });
      }
      expect(enrollmentAnswerFrom([profile], iPhone('17.1'))).toMatchObject({
        allow: true,
        reason: { code: 'meets_minimum', from: 'profile' },
      });
    });

    it('allows when neither sets a minimum for the platform', () => {
      expect(enrollmentAnswerFrom([rule({ macOS: { version: '15.0' } }), profile], { product: 'iPad13,4', osVersion: '12.0' })).toEqual({
        allow: true,
        status: 200,
        body: null,
        why: 'no minimum iPadOS set',
        reason: { code: 'no_minimum', platform: 'iPadOS' },
      });
      expect(enrollmentAnswerFrom([], iPhone('9.0'))).toMatchObject({ allow: true, reason: { code: 'no_minimum' } });
    });
  });
});
