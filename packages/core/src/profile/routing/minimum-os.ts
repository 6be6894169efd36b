import type { MinimumOs } from './routing-rules';

/** The platforms a minimum OS is set for. */
export type OsPlatform = keyof MinimumOs;

/** What the enrollment decision reads of a device's MachineInfo. */
export type EnrollmentFacts = Readonly<{ product: string | null; osVersion: string | null }>;

/** Apple's documented answer to a device below the minimum: HTTP 403 with this JSON body. */
export type SoftwareUpdateRequired = Readonly<{
  code: 'com.apple.softwareupdate.required';
  details: Readonly<{ OSVersion: string; BuildVersion?: string }>;
}>;

/**
 * Where a minimum OS came from: the routing rule the device matched (its number, from 1) or the
 * profile it is routed to (by a rule or as the token's default).
 */
export type MinimumOsOrigin = Readonly<{ from: 'rule'; rule: number } | { from: 'profile'; profileId: string }>;

/** A minimum OS and where it came from; the enrollment helper reads them in order, the first to set the device's platform wins. */
export type MinimumOsSource = Readonly<{ origin?: MinimumOsOrigin; minimumOs: MinimumOs | null | undefined }>;

/**
 * Why the answer is what it is, as a code with its values (for a sentence in any language; `why`
 * says it in English): `no_serial`, `not_ours` (not a device of the deployment's MDM servers),
 * `no_platform` (a model depledger cannot place), `no_minimum`, `no_os_version`, `meets_minimum`,
 * `below_minimum`. When a minimum applies, `from` says whose it is: `rule` (with its number) or
 * `profile` (with its id).
 */
export type EnrollmentReason = Readonly<{
  code: 'no_serial' | 'not_ours' | 'no_platform' | 'no_minimum' | 'no_os_version' | 'meets_minimum' | 'below_minimum';
  platform?: OsPlatform;
  osVersion?: string;
  minimum?: string;
  from?: 'rule' | 'profile';
  rule?: number;
  profileId?: string;
}>;

/** Allow the enrollment, or Apple's "software update required" (status and body for the MDM's enrollment endpoint). */
export type EnrollmentAnswer = Readonly<
  | { allow: true; status: 200; body: null; why: string; reason: EnrollmentReason }
  | { allow: false; status: 403; body: SoftwareUpdateRequired; why: string; reason: EnrollmentReason }
>;

/** The platform of Apple's model identifier (`iPhone15,2` → iOS, `iPad13,4` → iPadOS, `Mac14,2` → macOS…), or null. */
export const platformOfProduct = (product: string | null): OsPlatform | null => {
  if (product === null) return null;
  if (/^(iPhone|iPod)/.test(product)) return 'iOS';
  if (product.startsWith('iPad')) return 'iPadOS';
  if (/^(Mac|iMac|MacBook)/.test(product)) return 'macOS';
  if (product.startsWith('AppleTV')) return 'tvOS';
  if (product.startsWith('RealityDevice')) return 'visionOS';
  return null;
};

/** Compares dotted versions numerically (`17.10` > `17.9`; a missing part counts as 0). */
export const compareOsVersions = (a: string, b: string): number => {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
};

const allow = (why: string, reason: EnrollmentReason): EnrollmentAnswer => ({ allow: true, status: 200, body: null, why, reason });

/**
 * Pure: the minimum for `platform` and whose it is — the first source that sets one for the
 * platform (the enrollment helper gives the matching rule first, then the routed profile), or null.
 */
export const applicableMinimumOs = (
  sources: readonly MinimumOsSource[],
  platform: OsPlatform,
): Readonly<{ minimum: NonNullable<MinimumOs[OsPlatform]>; origin: MinimumOsOrigin | undefined }> | null => {
  for (const { origin, minimumOs } of sources) {
    const minimum = minimumOs?.[platform];
    if (minimum !== undefined) return { minimum, origin };
  }
  return null;
};

const whose = (origin: MinimumOsOrigin | undefined): string =>
  origin === undefined ? '' : origin.from === 'rule' ? ` of rule ${origin.rule}` : ` of profile ${origin.profileId}`;

const originValues = (origin: MinimumOsOrigin | undefined) =>
  origin === undefined
    ? {}
    : origin.from === 'rule'
      ? { from: 'rule' as const, rule: origin.rule }
      : { from: 'profile' as const, profileId: origin.profileId };

/**
 * Pure: whether a device may enroll under the minimum OS of its sources (see `applicableMinimumOs`),
 * or must update first — Apple's "software update required" (403, `com.apple.softwareupdate.required`
 * with the OS version and, when set, the build to install). A device that does not say its OS or
 * model is allowed: it could not act on the answer. The reason says whose minimum decided.
 */
export const enrollmentAnswerFrom = (sources: readonly MinimumOsSource[], device: EnrollmentFacts): EnrollmentAnswer => {
  const platform = platformOfProduct(device.product);
  if (platform === null) return allow('no platform known for this model', { code: 'no_platform' });
  const applicable = applicableMinimumOs(sources, platform);
  if (applicable === null) return allow(`no minimum ${platform} set`, { code: 'no_minimum', platform });
  const { minimum, origin } = applicable;
  const of = whose(origin);
  if (device.osVersion === null)
    return allow('the device does not say its OS version', { code: 'no_os_version', platform, ...originValues(origin) });
  const versions = { platform, osVersion: device.osVersion, minimum: minimum.version, ...originValues(origin) };
  if (compareOsVersions(device.osVersion, minimum.version) >= 0)
    return allow(`${platform} ${device.osVersion} meets the minimum ${minimum.version}${of}`, { code: 'meets_minimum', ...versions });
  return {
    allow: false,
    status: 403,
    body: {
      code: 'com.apple.softwareupdate.required',
      details: { OSVersion: minimum.version, ...(minimum.build === undefined ? {} : { BuildVersion: minimum.build }) },
    },
    why: `${platform} ${device.osVersion} is below the minimum ${minimum.version}${of}`,
    reason: { code: 'below_minimum', ...versions },
  };
};

/** Pure: `enrollmentAnswerFrom` with one minimum OS whose origin is not named. */
export const enrollmentAnswer = (minimumOs: MinimumOs | null | undefined, device: EnrollmentFacts): EnrollmentAnswer =>
  enrollmentAnswerFrom([{ minimumOs }], device);
