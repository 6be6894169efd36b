import type { Command } from 'commander';
import { listProfiles } from '../profile/list-profiles';
import { table } from '../output/table';
import { minimumOsText } from './profile-minimum-os';
import type { Kit } from './kit';

type Options = { token?: string };

export const registerProfileList = (parent: Command, kit: Kit): void => {
  parent
    .command('list')
    .description('the enrollment profiles, their version, UUID at Apple, minimum OS and which is the default')
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
              ? [out.t('cli.profiles.empty')]
              : table(rows, [
                  { header: out.t('cli.col.profile'), value: (r) => `${r.profileId}${r.isDefault ? out.t('cli.profiles.default') : ''}` },
                  { header: out.t('cli.col.token'), value: (r) => r.tokenId },
                  { header: out.t('cli.col.version'), value: (r) => `${r.version}` },
                  { header: out.t('cli.col.status'), value: (r) => out.t(`cli.profiles.status.${r.status}`) },
                  { header: out.t('cli.col.uuid'), value: (r) => r.profileUuid ?? '-' },
                  { header: out.t('cli.col.minimumOs'), value: (r) => minimumOsText(r.minimumOs) ?? '-' },
                  { header: out.t('cli.col.name'), value: (r) => r.name },
                  { header: out.t('cli.col.userAffinity'), value: (r) => out.t(r.userAffinity ? 'cli.yes' : 'cli.no') },
                  { header: out.t('cli.col.skippedPanes'), value: (r) => r.skipSetupItems.join(', ') || '-' },
                ]),
          rows,
        );
      }),
    );
};
