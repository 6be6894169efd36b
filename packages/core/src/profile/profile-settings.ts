import { z } from 'zod';
import { isBase64DerCertificate } from './profile-certificates';
import { setupAssistantKeys } from './setup-assistant-keys';

/**
 * An enrollment profile as the administrator defines it (the Intune document's step 5), in the
 * domain's words. `@depledger/apple` maps it to Apple's field names. Limits are Apple's; each
 * violation carries the code Apple would answer with.
 */
/** Every skip key of depledger's catalogue, in Apple's spelling (see `setupAssistantKeys` for platforms and versions). */
export const setupAssistantPanes: readonly string[] = setupAssistantKeys.map((k) => k.key);

/** A Setup Assistant skip key: one of the catalogue's, or one Apple added since (accepted with a warning). */
export type SetupAssistantPane = string;

/** How a skip key is spelt: Apple's keys are letters and digits. */
const skipKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'a skip key is letters and digits, as Apple spells them (e.g. Siri, UnlockWithWatch)');

/** depledger's bound on each certificate list (Apple documents none). */
const maxCertificates = 32;
const certificateList = (appleName: string) =>
  z
    .array(
      z.string().refine(isBase64DerCertificate, {
        message: `each entry must be a base64 DER X.509 certificate (Apple's ${appleName}); read PEM files with certificatesFromPem`,
      }),
    )
    .max(maxCertificates, `at most ${maxCertificates} certificates`)
    .default([]);

const isWebUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const utf8Length = (value: string): number => new TextEncoder().encode(value).length;

const limited = (max: number, code: string) =>
  z.string().refine((v) => utf8Length(v) <= max, { message: `at most ${max} UTF-8 bytes (Apple answers ${code})` });

export const profileSettingsSchema = z
  .strictObject({
    /** Shown on the device during setup; Apple's `profile_name`. */
    name: z.string().min(1, 'required (Apple answers CONFIG_NAME_REQUIRED)').pipe(limited(125, 'CONFIG_NAME_INVALID')),
    /** For administrators only; never sent to Apple. */
    description: z.string().max(1000).default(''),
    /** The MDM's enrollment URL; Apple's `url`. */
    url: z
      .string()
      .min(1, 'required (Apple answers CONFIG_URL_REQUIRED)')
      .max(2000, 'at most 2000 characters (Apple answers CONFIG_URL_INVALID)')
      .refine((v) => /^https?:\/\/[^\s/]+/i.test(v), { message: 'must be an http(s) URL (Apple answers CONFIG_URL_INVALID)' }),
    /** The Intune document's "user affinity": the device is tied to the user who enrolls it. */
    userAffinity: z.boolean().default(true),
    supervised: z.boolean().default(true),
    mandatory: z.boolean().default(true),
    /** DEP devices cannot be unenrolled by their users: false by default, and only allowed with supervision. */
    mdmRemovable: z.boolean().default(false),
    awaitDeviceConfigured: z.boolean().default(false),
    allowPairing: z.boolean().default(true),
    autoAdvanceSetup: z.boolean().default(false),
    /** Apple's `skip_setup_items`: keys of the catalogue, or newer ones (recorded with a warning). */
    skipSetupItems: z
      .array(skipKey)
      .max(100, 'at most 100 skip keys')
      .refine((keys) => new Set(keys).size === keys.length, { message: 'each skip key once' })
      .default([]),
    department: limited(125, 'DEPARTMENT_INVALID').default(''),
    supportPhone: limited(50, 'SUPPORT_PHONE_INVALID').default(''),
    supportEmail: limited(250, 'SUPPORT_EMAIL_INVALID')
      .refine((v) => v === '' || /^[^\s@]+@[^\s@]+$/.test(v), {
        message: 'must be an e-mail address (Apple answers SUPPORT_EMAIL_INVALID)',
      })
      .default(''),
    orgMagic: limited(256, 'MAGIC_INVALID').default(''),
    /** ISO 639 language code, 2 or 3 letters. */
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/i, '2 or 3 letters, ISO 639 (Apple answers LOCALE_INVALID)')
      .optional(),
    /** ISO 3166-1 alpha-2 region. */
    region: z
      .string()
      .regex(/^[A-Z]{2}$/i, '2 letters, ISO 3166-1 (Apple answers LOCALE_INVALID)')
      .optional(),
    /** Apple's `configuration_web_url`: the web page the device loads to authenticate the user before enrolling. */
    configurationWebUrl: z
      .string()
      .max(2000, 'at most 2000 characters (Apple answers CONFIG_URL_INVALID)')
      .refine(isWebUrl, { message: 'must be an http(s) URL (Apple answers CONFIG_URL_INVALID)' })
      .optional(),
    /** Apple's `is_multi_user`: Shared iPad (Apple School Manager or Apple Business). */
    multiUser: z.boolean().default(false),
    /** Apple's `anchor_certs`: the only roots the device trusts for the enrollment URL. */
    anchorCertificates: certificateList('anchor_certs'),
    /** Apple's `supervising_host_certs`: hosts that may still pair when `allowPairing` is false. */
    supervisingHostCertificates: certificateList('supervising_host_certs'),
    /** Apple's `do_not_use_profile_from_backup`: a restored device reads its profile from Apple, not the backup (iOS 26). */
    doNotUseProfileFromBackup: z.boolean().default(false),
    /** Apple's `is_return_to_service`: Return to Service (iOS 26, visionOS 26). */
    returnToService: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    if (!s.mdmRemovable && !s.supervised) {
      ctx.addIssue({
        code: 'custom',
        path: ['mdmRemovable'],
        message: 'false requires supervised: true (Apple answers FLAGS_INVALID); supervise the devices or allow removal',
      });
    }
  });

export type ProfileSettingsInput = z.input<typeof profileSettingsSchema>;
export type ProfileSettings = z.output<typeof profileSettingsSchema>;
