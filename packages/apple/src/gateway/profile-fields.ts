import type { ProfileSettings } from '@depledger/core';
import type { AppleProfileRequest } from '../endpoints/profile';

/**
 * The domain's profile settings in Apple's field names. `description` stays with depledger and
 * `userAffinity` has no Apple field; empty optional texts are left out; every flag is sent
 * (`is_mdm_removable` always, since Apple's schema requires it), except Apple's newer flags and the
 * certificate lists, which are sent only when set.
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
  ...onlyWhenTrue('is_multi_user', settings.multiUser),
  ...onlyWhenTrue('do_not_use_profile_from_backup', settings.doNotUseProfileFromBackup),
  ...onlyWhenTrue('is_return_to_service', settings.returnToService),
  ...list('anchor_certs', settings.anchorCertificates),
  ...list('supervising_host_certs', settings.supervisingHostCertificates),
});

/** Apple's newer flags default to false: left out unless set, so a profile that does not use them is sent as before. */
const onlyWhenTrue = <K extends string>(field: K, value: boolean): Partial<Record<K, true>> =>
  value ? ({ [field]: true } as Record<K, true>) : {};

const list = <K extends string>(field: K, values: readonly string[]): Partial<Record<K, string[]>> =>
  values.length === 0 ? {} : ({ [field]: [...values] } as Record<K, string[]>);

const text = <K extends string>(field: K, value: string | undefined): Partial<Record<K, string>> =>
  value === undefined || value === '' ? {} : ({ [field]: value } as Record<K, string>);
