import type { Command } from 'commander';
import { settingsFrom, withSettingsOptions, type SettingsOptions } from '../profile/settings-options';
import { warningLines, warningsOf } from '../profile/profile-warnings';
import type { Kit } from './kit';

type Options = SettingsOptions & { token: string };

/** Step 5: the corporate enrollment profile (name, user affinity, Setup Assistant panes), as a draft. */
export const registerProfileDefine = (parent: Command, kit: Kit): void => {
  withSettingsOptions(
    parent
      .command('define')
      .description('define a corporate enrollment profile (version 1, a draft until published)')
      .argument('<profile-id>', 'your id for the profile, e.g. corp')
      .requiredOption('--token <id>', 'the token whose devices it is for'),
    true,
  )
    .addHelpText(
      'after',
      '\nExample:\n  depledger profile define corp --token paris --name "Contoso" --url https://mdm.example.com/enroll \\\n    --skip Siri Location AppleID --department IT --support-phone "+33 1 23 45 67 89"',
    )
    .action(
      kit.action<Options>(async ({ args, options, io, out, withContext, globals }) => {
        const profileId = String(args[0]);
        const settings = settingsFrom(io.cwd, options);
        const events = await withContext((context) =>
          context.depledger.profiles.define(profileId, options.token, settings, { actor: globals.actor }),
        );
        const warnings = warningsOf(events);
        out.result(
          () => [
            out.t('cli.profile.defined', { profile: profileId, token: options.token }),
            ...warningLines(warnings, out),
            out.t('cli.profile.next', { profile: profileId }),
          ],
          { profileId, tokenId: options.token, version: 1, status: 'draft', warnings },
        );
      }),
    );
};
