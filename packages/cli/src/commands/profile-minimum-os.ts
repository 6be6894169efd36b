import type { Command } from 'commander';
import { messageLabel, type MinimumOs } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import type { Output } from '../output/output';
import type { Kit } from './kit';

type Options = { os?: string[]; build?: string[]; clear?: boolean };

/** `iOS=17.1` → ['iOS', '17.1']; anything else is refused naming the flag. */
const pairs = (values: readonly string[] | undefined, flag: 'os' | 'build'): Array<[string, string]> =>
  (values ?? []).map((value) => {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1)
      throw new CliError('INVALID_INPUT', messageLabel('cli.minimumOs.pair', { flag: `--${flag}`, value }), { field: flag, value });
    return [value.slice(0, at).trim(), value.slice(at + 1).trim()];
  });

/** The minimum the flags say: one entry per `--os`, its `--build` beside it; core checks the platforms and versions. */
const minimumFrom = (options: Options): Record<string, { version: string; build?: string }> => {
  const minimum: Record<string, { version: string; build?: string }> = {};
  for (const [platform, version] of pairs(options.os, 'os')) minimum[platform] = { version };
  for (const [platform, build] of pairs(options.build, 'build')) {
    const entry = minimum[platform];
    if (entry === undefined)
      throw new CliError('INVALID_INPUT', messageLabel('cli.minimumOs.buildWithoutOs', { platform }), { field: 'build', platform });
    entry.build = build;
  }
  return minimum;
};

/** `iOS 17.1 (21B74), macOS 14.0`, or null when the profile sets none. */
export const minimumOsText = (minimumOs: MinimumOs | null): string | null => {
  const entries = Object.entries(minimumOs ?? {}).filter(([, m]) => m !== undefined);
  if (entries.length === 0) return null;
  return entries.map(([platform, m]) => `${platform} ${m?.version}${m?.build ? ` (${m.build})` : ''}`).join(', ');
};

const said = (profileId: string, minimumOs: MinimumOs | null, t: Output['t']): string => {
  const text = minimumOsText(minimumOs);
  return text === null ? t('cli.minimumOs.none', { profile: profileId }) : t('cli.minimumOs.is', { profile: profileId, minimum: text });
};

/**
 * `profile minimum-os`: the lowest OS a device routed to the profile may enroll with (the
 * enrollment helper's answer), shown, set (replaced) or cleared. depledger's policy, never sent to Apple.
 */
export const registerProfileMinimumOs = (parent: Command, kit: Kit): void => {
  parent
    .command('minimum-os')
    .description(
      'the lowest OS a device routed to the profile may enroll with (enrollment-check answers "software update required" below it); show, set or --clear. Never sent to Apple',
    )
    .argument('<profile-id>', 'the profile')
    .option(
      '--os <platform=version...>',
      "set the minimum, replacing the profile's: iOS=17.1 iPadOS=17.1 macOS=14.0 tvOS=17.0 visionOS=1.0",
    )
    .option('--build <platform=build...>', "Apple's build of a minimum given with --os, sent to the device with it: iOS=21B74")
    .option('--clear', 'the profile sets no minimum any more')
    .addHelpText(
      'after',
      '\nThe minimum belongs to the profile, whatever version of it is published. A routing rule\'s own "minimumOs" for a platform comes first (depledger profile rules).\n\nExamples:\n  depledger profile minimum-os corp --os iOS=17.1 macOS=14.0 --build iOS=21B74\n  depledger profile minimum-os corp\n  depledger profile minimum-os corp --clear',
    )
    .action(
      kit.action<Options>(async ({ args, options, out, withContext, globals }) => {
        const profileId = String(args[0]);
        if (options.clear === true && (options.os !== undefined || options.build !== undefined))
          throw new CliError('INVALID_INPUT', messageLabel('cli.minimumOs.setOrClear'), { field: 'clear' });
        if (options.os === undefined && options.build !== undefined)
          throw new CliError('INVALID_INPUT', messageLabel('cli.minimumOs.buildWithoutOs', { platform: options.build.join(' ') }), {
            field: 'build',
          });
        const change = options.clear === true ? null : options.os === undefined ? undefined : minimumFrom(options);
        const { events, state } = await withContext(async (context) => {
          const recorded =
            change === undefined
              ? []
              : await context.depledger.profiles.setMinimumOs(profileId, change as MinimumOs | null, { actor: globals.actor });
          return { events: recorded, state: await context.depledger.profiles.state(profileId) };
        });
        if (state.status === 'none') throw new CliError('PROFILE_NOT_FOUND', messageLabel('cli.profile.unknown', { profile: profileId }));
        out.result(
          () => [
            said(profileId, state.minimumOs, out.t),
            ...(change !== undefined && events.length === 0 ? [out.t('cli.minimumOs.unchanged')] : []),
          ],
          { profileId, minimumOs: state.minimumOs, recorded: events.length > 0 },
        );
      }),
    );
};
