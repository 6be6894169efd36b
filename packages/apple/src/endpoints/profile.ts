import { z } from 'zod';
import { optionalText } from './apple-date';

/** A profile as sent to `POST /profile` (spec §6.3), in Apple's field names. Parsed strictly before sending. */
export const appleProfileRequestSchema = z.strictObject({
  profile_name: z.string(),
  url: z.string(),
  allow_pairing: z.boolean().optional(),
  is_supervised: z.boolean().optional(),
  is_multi_user: z.boolean().optional(),
  is_mandatory: z.boolean().optional(),
  await_device_configured: z.boolean().optional(),
  /** Always sent: Apple's schema marks it required. */
  is_mdm_removable: z.boolean(),
  auto_advance_setup: z.boolean().optional(),
  support_phone_number: z.string().optional(),
  support_email_address: z.string().optional(),
  org_magic: z.string().optional(),
  anchor_certs: z.array(z.string()).optional(),
  supervising_host_certs: z.array(z.string()).optional(),
  skip_setup_items: z.array(z.string()).optional(),
  department: z.string().optional(),
  language: z.string().optional(),
  region: z.string().optional(),
  configuration_web_url: z.string().optional(),
  do_not_use_profile_from_backup: z.boolean().optional(),
  is_return_to_service: z.boolean().optional(),
  /** Serials to assign in the same call. */
  devices: z.array(z.string()).optional(),
});

export type AppleProfileRequest = z.input<typeof appleProfileRequestSchema>;

const optionalFlag = z
  .unknown()
  .optional()
  .transform((value): boolean | null => (typeof value === 'boolean' ? value : null));
const optionalList = z
  .unknown()
  .optional()
  .transform((value): string[] | null => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null));

/** A profile as `GET /profile` answers it; every field optional, unknown ones dropped. */
export const appleProfileSchema = z.object({
  profile_uuid: optionalText,
  profile_name: optionalText,
  url: optionalText,
  allow_pairing: optionalFlag,
  is_supervised: optionalFlag,
  is_multi_user: optionalFlag,
  is_mandatory: optionalFlag,
  await_device_configured: optionalFlag,
  is_mdm_removable: optionalFlag,
  auto_advance_setup: optionalFlag,
  support_phone_number: optionalText,
  support_email_address: optionalText,
  org_magic: optionalText,
  anchor_certs: optionalList,
  supervising_host_certs: optionalList,
  skip_setup_items: optionalList,
  department: optionalText,
  language: optionalText,
  region: optionalText,
  configuration_web_url: optionalText,
  do_not_use_profile_from_backup: optionalFlag,
  is_return_to_service: optionalFlag,
});

export type AppleProfile = z.output<typeof appleProfileSchema>;
