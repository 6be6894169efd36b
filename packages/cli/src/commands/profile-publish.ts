import type { Command } from 'commander';
import type { Kit } from './kit';

/** Defines the profile's current version at Apple and records its UUID. */
export const registerProfilePublish = (parent: Command, kit: Kit): void => {
  parent
    .command('publish')
    .description(
      "define the profile's current version at Apple (it gets a UUID); devices on an older version of a default profile are re-assigned",
    )
    .argument('<profile-id>', 'the profile')
    .addHelpText('after', '\nExample:\n  depledger profile publish corp --apple-url http://127.0.0.1:8080')
    .action(
      kit.action<Record<string, never>>(async ({ args, out, withContext, globals }) => {
        const published = await withContext((context) => context.depledger.profiles.publish(String(args[0]), { actor: globals.actor }));
        out.result(
          () => [
            out.t('cli.profile.published', { profile: published.profileId, version: published.version, uuid: published.profileUuid }),
            ...(published.reassigned > 0 ? [out.t('cli.profile.reassigned', { n: published.reassigned })] : []),
          ],
          published,
        );
      }),
    );
};
