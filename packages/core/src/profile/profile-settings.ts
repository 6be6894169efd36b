import { z } from 'zod';

/**
 * An enrollment profile as the administrator defines it (the Intune document's step 5), in the
 * domain's words. `@depledger/apple` maps it to Apple's field names. Limits are Apple's; each
 * violation carries the code Apple would answer with.
 */
export const setupAssistantPanes = [
  'Accessibility',
  'ActionButton',
  'Android',
  'Appearance',
  'AppleID',
  'AppStore',
  'Biometric',
  'CameraButton',
  'DeviceToDeviceMigration',
  'Diagnostics',
  'DisplayTone',
  'EnableLockdownMode',
  'FileVault',
  'HomeButtonSensitivity',
  'iCloudDiagnostics',
  'iCloudStorage',
  'iMessageAndFaceTime',
  'Intelligence',
  'Keyboard',
  'Location',
  'MessagingActivationUsingPhoneNumber',
  'OnBoarding',
  'Passcode',
  'Payment',
  'Privacy',
  'Restore',
  'RestoreCompleted',
  'ScreenSaver',
  'Safety',
  'ScreenTime',
  'SIMSetup',
  'Siri',
  'SoftwareUpdate',
  'SpokenLanguage',
  'TapToSetup',
  'TermsOfAddress',
  'TOS',
  'TVHomeScreenSync',
  'TVProviderSignIn',
  'TVRoom',
  'UpdateCompleted',
  'Wallpaper',
  'WatchMigration',
  'Welcome',
  'Zoom',
] as const;

export type SetupAssistantPane = (typeof setupAssistantPanes)[number];

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
    skipSetupItems: z.array(z.enum(setupAssistantPanes)).default([]),
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
    configurationWebUrl: z.string().max(2000).optional(),
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
