import type { Command } from 'commander';
import { table } from '../output/table';
import { createSimulatorClient, simulatorUrlOf } from '../simulator/control-client';
import type { ServerSummary } from '../simulator/simulator-types';
import { withSimulatorUrl } from '../simulator/simulator-url-option';
import type { Kit } from './kit';

/** The organisation's MDM servers, as the simulator's portal lists them (no administrator's e-mail). */
export const registerPortalServers = (portal: Command, kit: Kit): void => {
  withSimulatorUrl(portal.command('servers').description("the organisation's MDM servers"))
    .addHelpText('after', '\nExample:\n  depledger simulator portal servers --simulator-url http://127.0.0.1:8080')
    .action(
      kit.action<{ simulatorUrl?: string }>(async ({ options, io, out }) => {
        const client = createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env));
        const servers = (await client.request<ServerSummary[]>('GET', '/_portal/servers')).map(
          ({ serverId, name, deviceCount, tokenState }) => ({ serverId, name, deviceCount, tokenState }),
        );
        out.result(
          () =>
            table(servers, [
              { header: out.t('cli.col.server'), value: (s) => s.serverId },
              { header: out.t('cli.col.name'), value: (s) => s.name },
              { header: out.t('simulator.col.devices'), value: (s) => `${s.deviceCount}` },
              { header: out.t('cli.col.token'), value: (s) => s.tokenState },
            ]),
          servers,
        );
      }),
    );
};
