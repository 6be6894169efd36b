import { Option, type Command } from 'commander';
import { certificatesFromPem, type ProfileSettingsInput } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { readInputFile } from '../files/input-file';

/** The enrollment profile's settings as flags (the Intune document's step 5 form). */
export type SettingsOptions = {
  name?: string;
  url?: string;
  description?: string;
  userAffinity?: boolean;
  skip?: string[];
  department?: string;
  supportPhone?: string;
  supportEmail?: string;
  language?: string;
  region?: string;
  removable?: boolean;
  awaitConfigured?: boolean;
  pairing?: boolean;
  autoAdvance?: boolean;
  orgMagic?: string;
  configurationWebUrl?: string;
  multiUser?: boolean;
  returnToService?: boolean;
  profileFromBackup?: boolean;
  anchorCert?: string[];
  supervisingHostCert?: string[];
  settings?: string;
};

/** Adds the settings flags to `profile define` / `profile revise`. */
export const withSettingsOptions = (command: Command, requireBasics: boolean): Command => {
  // On `define`, --name and --url are required unless the --settings file gives them (depledger checks it).
  const required = requireBasics ? ' (required, here or in --settings)' : '';
  return command
    .addOption(new Option('--name <name>', `the name shown on the device during setup${required}`))
    .addOption(new Option('--url <url>', `your MDM's enrollment URL, called by the device at first power-on${required}`))
    .option('--description <text>', 'for administrators; not sent to Apple')
    .option('--user-affinity', 'tie each device to the user who enrolls it (the default)')
    .option('--no-user-affinity', 'devices belong to a group, not a user')
    .addOption(
      new Option(
        '--skip <key...>',
        "Setup Assistant panes to skip, by Apple's key (depledger profile skip-keys lists them; a newer key is accepted with a warning)",
      ),
    )
    .option('--department <text>', 'shown during setup')
    .option('--support-phone <phone>', 'shown during setup')
    .option('--support-email <email>', 'shown during setup')
    .option('--language <code>', 'ISO 639 language of setup, e.g. fr')
    .option('--region <code>', 'ISO 3166 region, e.g. FR')
    .option('--removable', 'let users remove the MDM profile (off by default: DEP devices cannot be unenrolled by their users)')
    .option('--await-configured', 'hold the device in Setup Assistant until the MDM releases it')
    .option('--pairing', 'allow pairing with a computer (the default)')
    .option('--no-pairing', "refuse pairing with a computer (Apple's allow_pairing: false)")
    .option('--auto-advance', 'advance through Setup Assistant by itself (tvOS, macOS)')
    .option('--org-magic <text>', "Apple's org_magic: a string identifying your organisation's managed services")
    .option('--configuration-web-url <url>', 'a web page the device loads to authenticate the user before enrolling')
    .option('--multi-user', 'Shared iPad')
    .option('--no-multi-user', 'not a Shared iPad (the default)')
    .option('--return-to-service', 'Return to Service (iOS 26, visionOS 26)')
    .option('--no-return-to-service', 'no Return to Service (the default)')
    .option('--profile-from-backup', 'a restored device uses the profile of its backup (the default)')
    .option('--no-profile-from-backup', 'a restored device reads its profile from Apple, not from the backup (iOS 26)')
    .option('--anchor-cert <file.pem...>', 'PEM files of the only roots the device trusts for the enrollment URL')
    .option('--supervising-host-cert <file.pem...>', 'PEM files of hosts that may still pair when pairing is refused')
    .option(
      '--settings <file.json>',
      'settings as JSON (field names of the domain: name, url, userAffinity, skipSetupItems, ...); flags override it',
    );
};

const fromFile = (cwd: string, path: string): ProfileSettingsInput => {
  const text = readInputFile(cwd, path, 'The settings file').toString('utf8');
  try {
    return JSON.parse(text) as ProfileSettingsInput;
  } catch (error) {
    throw new CliError('INVALID_INPUT', `The settings file ${path} is not JSON (${(error as Error).message}): fix it and try again.`);
  }
};

/** The certificates of PEM files, as base64 DER; a file without a certificate is bad input naming it. */
const certificatesOf = (cwd: string, paths: readonly string[] | undefined): string[] | undefined => {
  if (paths === undefined) return undefined;
  return paths.flatMap((path) => {
    const found = certificatesFromPem(readInputFile(cwd, path, 'The certificate file').toString('utf8'));
    if (found.length === 0) {
      throw new CliError('INVALID_INPUT', `The certificate file ${path} holds no PEM CERTIFICATE block: give a PEM certificate file.`, {
        path,
      });
    }
    return found;
  });
};

/** Settings from `base`, then the --settings file, then the flags; validated by depledger when recorded. */
export const settingsFrom = (cwd: string, options: SettingsOptions, base: Partial<ProfileSettingsInput> = {}): ProfileSettingsInput => {
  const merged: Record<string, unknown> = { ...base, ...(options.settings !== undefined ? fromFile(cwd, options.settings) : {}) };
  const set = (key: keyof ProfileSettingsInput, value: unknown) => {
    if (value !== undefined) merged[key] = value;
  };
  set('name', options.name);
  set('url', options.url);
  set('description', options.description);
  set('userAffinity', options.userAffinity);
  set('skipSetupItems', options.skip);
  set('department', options.department);
  set('supportPhone', options.supportPhone);
  set('supportEmail', options.supportEmail);
  set('language', options.language);
  set('region', options.region);
  set('mdmRemovable', options.removable);
  set('awaitDeviceConfigured', options.awaitConfigured);
  set('allowPairing', options.pairing);
  set('autoAdvanceSetup', options.autoAdvance);
  set('orgMagic', options.orgMagic);
  set('configurationWebUrl', options.configurationWebUrl);
  set('multiUser', options.multiUser);
  set('returnToService', options.returnToService);
  set('doNotUseProfileFromBackup', options.profileFromBackup === undefined ? undefined : !options.profileFromBackup);
  set('anchorCertificates', certificatesOf(cwd, options.anchorCert));
  set('supervisingHostCertificates', certificatesOf(cwd, options.supervisingHostCert));
  return merged as ProfileSettingsInput;
};
