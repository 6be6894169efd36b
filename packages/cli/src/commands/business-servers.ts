import type { Command } from 'commander';
import { businessServiceOf } from '../business/business-service';
import { table } from '../output/table';
import type { Kit } from './kit';

type Options = { account: string };

/** `depledger business servers`: the organisation's MDM servers, as Apple lists them. */
export const registerBusinessServers = (business: Command, kit: Kit): void => {
  business
    .command('servers')
    .description("the organisation's MDM servers (ids for business assign --server)")
    .option('--account <name>', 'the API account', 'default')
    .addHelpText('after', '\nExample:\n  depledger business servers')
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals, io }) => {
        const servers = await withContext((context) => businessServiceOf(context, globals.appleUrl, io).servers(options.account));
        out.result(
          () =>
            table(servers, [
              { header: out.t('cli.col.server'), value: (s) => s.serverId },
              { header: out.t('cli.col.name'), value: (s) => s.name ?? '' },
              { header: out.t('business.col.type'), value: (s) => s.serverType ?? '' },
            ]),
          servers,
        );
      }),
    );
};
