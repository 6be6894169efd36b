import { Option, type Command } from 'commander';
import { setupAssistantPanes, type ProfileSettingsInput } from '@depledger/core';
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
    .addOption(new Option('--skip <pane...>', 'Setup Assistant panes to skip').choices([...setupAssistantPanes]))
    .option('--department <text>', 'shown during setup')
    .option('--support-phone <phone>', 'shown during setup')
    .option('--support-email <email>', 'shown during setup')
    .option('--language <code>', 'ISO 639 language of setup, e.g. fr')
    .option('--region <code>', 'ISO 3166 region, e.g. FR')
    .option('--removable', 'let users remove the MDM profile (off by default: DEP devices cannot be unenrolled by their users)')
    .option('--await-configured', 'hold the device in Setup Assistant until the MDM releases it')
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
  return merged as ProfileSettingsInput;
};
