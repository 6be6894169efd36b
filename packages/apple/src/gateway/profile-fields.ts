import type { ProfileSettings } from '@depledger/core';
import type { AppleProfileRequest } from '../endpoints/profile';

/**
 * The domain's profile settings in Apple's field names. `description` stays with depledger and
 * `userAffinity` has no Apple field; empty optional texts are left out; every flag is sent
 * (`is_mdm_removable` always, since Apple's schema requires it).
 */
export const toAppleProfile = (settings: ProfileSettings): AppleProfileRequest => ({
  profile_name: settings.name,
  url: settings.url,
  is_supervised: settings.supervised,
  is_mandatory: settings.mandatory,
  is_mdm_removable: settings.mdmRemovable,
  await_device_configured: settings.awaitDeviceConfigured,
  allow_pairing: settings.allowPairing,
  auto_advance_setup: settings.autoAdvanceSetup,
  skip_setup_items: [...settings.skipSetupItems],
  ...text('department', settings.department),
  ...text('support_phone_number', settings.supportPhone),
  ...text('support_email_address', settings.supportEmail),
  ...text('org_magic', settings.orgMagic),
  ...text('language', settings.language),
  ...text('region', settings.region),
  ...text('configuration_web_url', settings.configurationWebUrl),
});

const text = <K extends string>(field: K, value: string | undefined): Partial<Record<K, string>> =>
  value === undefined || value === '' ? {} : ({ [field]: value } as Record<K, string>);
