import type { Command } from 'commander';
import { messageLabel } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { settingsFrom, withSettingsOptions, type SettingsOptions } from '../profile/settings-options';
import { warningLines, warningsOf } from '../profile/profile-warnings';
import type { Kit } from './kit';

/** A new version of a profile: the current settings with the flags given changed (Apple's profiles are immutable: publish it). */
export const registerProfileRevise = (parent: Command, kit: Kit): void => {
  withSettingsOptions(
    parent
      .command('revise')
      .description('a new version of a profile: the flags given change the current settings')
      .argument('<profile-id>', 'the profile'),
    false,
  )
    .addHelpText(
      'after',
      '\nExample:\n  depledger profile revise corp --skip Siri Location AppleID Privacy\n  depledger profile publish corp   (devices on the old version are re-assigned)',
    )
    .action(
      kit.action<SettingsOptions>(async ({ args, options, io, out, withContext, globals }) => {
        const profileId = String(args[0]);
        const result = await withContext(async (context) => {
          const state = await context.depledger.profiles.state(profileId);
          if (state.status === 'none')
            throw new CliError('PROFILE_NOT_FOUND', messageLabel('cli.profile.unknown', { profile: profileId }), { profileId });
          const events = await context.depledger.profiles.revise(profileId, settingsFrom(io.cwd, options, state.settings), {
            actor: globals.actor,
          });
          return { changed: events.length > 0, version: state.version + (events.length > 0 ? 1 : 0), warnings: warningsOf(events) };
        });
        out.result(
          () =>
            result.changed
              ? [
                  out.t('cli.profile.revised', { profile: profileId, version: result.version }),
                  ...warningLines(result.warnings, out),
                  out.t('cli.profile.nextPublish', { profile: profileId }),
                ]
              : [out.t('cli.profile.unchanged', { profile: profileId, version: result.version })],
          { profileId, ...result },
        );
      }),
    );
};
