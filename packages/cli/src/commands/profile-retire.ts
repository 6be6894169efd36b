import type { Command } from 'commander';
import type { Kit } from './kit';

type Options = { reason: string };

/** Retires a profile no token uses as its default any more (devices keep what Apple assigned them). */
export const registerProfileRetire = (parent: Command, kit: Kit): void => {
  parent
    .command('retire')
    .description("retire a profile that is no longer any token's default")
    .argument('<profile-id>', 'the profile')
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .addHelpText('after', '\nExample:\n  depledger profile retire corp-2024 --reason "replaced by corp"')
    .action(
      kit.action<Options>(async ({ args, options, out, withContext, globals }) => {
        const profileId = String(args[0]);
        const events = await withContext((context) =>
          context.depledger.profiles.retire(profileId, options.reason, { actor: globals.actor }),
        );
        out.result(() => [out.t(events.length > 0 ? 'cli.profile.retired' : 'cli.profile.alreadyRetired', { profile: profileId })], {
          profileId,
          retired: true,
          recorded: events.length > 0,
        });
      }),
    );
};
