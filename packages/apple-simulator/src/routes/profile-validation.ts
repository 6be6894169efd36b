import { z } from 'zod';

type Issue = { input?: unknown };
const codeFor = (required: string | undefined, invalid: string) => (issue: Issue) =>
  issue.input === undefined && required !== undefined ? required : invalid;

/** Length in characters (code points), as Apple counts "UTF-8 characters". */
const charCount = (value: string): number => Array.from(value).length;

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const limitedText = (max: number, invalid: string) =>
  z
    .string({ error: invalid })
    .refine((v) => charCount(v) <= max, { error: invalid })
    .optional();

const flag = z.boolean({ error: 'FLAGS_INVALID' }).optional();
const stringList = z.array(z.string()).optional();

/**
 * The Profile of `POST /profile` with Apple's validation codes and limits (§6.3): the first failing
 * field, in this order, decides the code.
 */
export const profileDefinition = z
  .object({
    profile_name: z
      .string({ error: codeFor('CONFIG_NAME_REQUIRED', 'CONFIG_NAME_INVALID') })
      .min(1, { error: 'CONFIG_NAME_REQUIRED' })
      .refine((v) => charCount(v) <= 125, { error: 'CONFIG_NAME_INVALID' }),
    url: z
      .string({ error: codeFor('CONFIG_URL_REQUIRED', 'CONFIG_URL_INVALID') })
      .min(1, { error: 'CONFIG_URL_REQUIRED' })
      .refine((v) => encodeURI(v).length <= 2000 && isWebUrl(v), { error: 'CONFIG_URL_INVALID' }),
    allow_pairing: flag,
    is_supervised: flag,
    is_multi_user: flag,
    is_mandatory: flag,
    await_device_configured: flag,
    is_mdm_removable: flag,
    auto_advance_setup: flag,
    do_not_use_profile_from_backup: flag,
    is_return_to_service: flag,
    support_phone_number: limitedText(50, 'SUPPORT_PHONE_INVALID'),
    support_email_address: z
      .string({ error: 'SUPPORT_EMAIL_INVALID' })
      .refine((v) => v === '' || (charCount(v) <= 250 && /^[^\s@]+@[^\s@]+$/.test(v)), { error: 'SUPPORT_EMAIL_INVALID' })
      .optional(),
    org_magic: limitedText(256, 'MAGIC_INVALID'),
    department: limitedText(125, 'DEPARTMENT_INVALID'),
    language: z
      .string({ error: 'LOCALE_INVALID' })
      .regex(/^[A-Za-z]{2,3}$/, { error: 'LOCALE_INVALID' })
      .optional(),
    region: z
      .string({ error: 'LOCALE_INVALID' })
      .regex(/^[A-Za-z]{2}$/, { error: 'LOCALE_INVALID' })
      .optional(),
    configuration_web_url: z.string({ error: 'CONFIG_URL_INVALID' }).refine(isWebUrl, { error: 'CONFIG_URL_INVALID' }).optional(),
    anchor_certs: stringList,
    supervising_host_certs: stringList,
    skip_setup_items: stringList,
    devices: stringList,
  })
  .refine((p) => p.is_mdm_removable !== false || p.is_supervised === true, { error: 'FLAGS_INVALID' });

export type ProfileDefinition = z.infer<typeof profileDefinition>;
