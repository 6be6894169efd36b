import type { Command } from 'commander';
import { listProfiles } from '../profile/list-profiles';
import { table } from '../output/table';
import type { Kit } from './kit';

type Options = { token?: string };

export const registerProfileList = (parent: Command, kit: Kit): void => {
  parent
    .command('list')
    .description('the enrollment profiles, their version, UUID at Apple and which is the default')
    .option('--token <id>', "only this token's profiles")
    .addHelpText('after', '\nExample:\n  depledger profile list --token paris')
    .action(
      kit.action<Options>(async ({ options, out, withContext }) => {
        const rows = await withContext(async (context) =>
          (await listProfiles(context.events, context.depledger)).filter((r) => options.token === undefined || r.tokenId === options.token),
        );
        out.result(
          () =>
            rows.length === 0
              ? ['No profiles yet: depledger profile define <id> --token <id> --name <name> --url <enrollment URL>']
              : table(rows, [
                  { header: 'PROFILE', value: (r) => `${r.profileId}${r.isDefault ? ' (default)' : ''}` },
                  { header: 'TOKEN', value: (r) => r.tokenId },
                  { header: 'VERSION', value: (r) => `${r.version}` },
                  { header: 'STATUS', value: (r) => r.status },
                  { header: 'UUID', value: (r) => r.profileUuid ?? '-' },
                  { header: 'NAME', value: (r) => r.name },
                  { header: 'USER AFFINITY', value: (r) => (r.userAffinity ? 'yes' : 'no') },
                  { header: 'SKIPPED PANES', value: (r) => r.skipSetupItems.join(', ') || '-' },
                ]),
          rows,
        );
      }),
    );
};
