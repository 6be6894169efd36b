import type { Command } from 'commander';
import { messageLabel } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import type { Kit } from './kit';

type Options = { token: string; clear?: boolean };

/** The profile new devices of a token get automatically at sync. */
export const registerProfileDefault = (parent: Command, kit: Kit): void => {
  parent
    .command('default')
    .description("make a published profile the token's default: new devices get it automatically at sync")
    .argument('[profile-id]', 'the profile (omit with --clear)')
    .requiredOption('--token <id>', 'the token')
    .option('--clear', 'no default profile: new devices stay without one')
    .addHelpText('after', '\nExamples:\n  depledger profile default corp --token paris\n  depledger profile default --token paris --clear')
    .action(
      kit.action<Options>(async ({ args, options, out, withContext, globals }) => {
        const profileId = args[0] === undefined ? null : String(args[0]);
        if ((profileId === null) === (options.clear !== true)) {
          throw new CliError('INVALID_INPUT', messageLabel('cli.profile.defaultOrClear'));
        }
        await withContext((context) => context.depledger.tokens.setDefaultProfile(options.token, profileId, { actor: globals.actor }));
        out.result(
          () => [
            profileId === null
              ? out.t('cli.profile.noDefault', { token: options.token })
              : out.t('cli.profile.isDefault', { profile: profileId, token: options.token }),
          ],
          { tokenId: options.token, defaultProfileId: profileId },
        );
      }),
    );
};
