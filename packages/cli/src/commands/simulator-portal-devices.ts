import type { Command } from 'commander';
import { table } from '../output/table';
import { createSimulatorClient, simulatorUrlOf } from '../simulator/control-client';
import type { PortalDevice } from '../simulator/simulator-types';
import { withSimulatorUrl } from '../simulator/simulator-url-option';
import type { Kit } from './kit';

type Options = { server?: string; order?: string; simulatorUrl?: string };

/** The organisation's devices, as the simulator's portal lists them (no one's e-mail). */
export const registerPortalDevices = (portal: Command, kit: Kit): void => {
  withSimulatorUrl(
    portal
      .command('devices')
      .description("the organisation's devices as the portal lists them")
      .option('--server <id>', 'only those assigned to this MDM server')
      .option('--order <number>', 'only this order'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  depledger simulator portal devices\n  depledger simulator portal devices --order W123456789 --json',
    )
    .action(
      kit.action<Options>(async ({ options, io, out }) => {
        const query = new URLSearchParams();
        if (options.server !== undefined) query.set('server_id', options.server);
        if (options.order !== undefined) query.set('order_number', options.order);
        const suffix = query.size > 0 ? `?${query.toString()}` : '';
        const devices = await createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env)).request<PortalDevice[]>(
          'GET',
          `/_portal/devices${suffix}`,
        );
        const shown = devices.map((d) => ({
          serial: d.serial_number,
          model: d.model,
          os: d.os,
          orderNumber: d.order_number,
          serverId: d.server_id ?? null,
          profileStatus: d.profile_status,
        }));
        out.result(
          () => [
            ...table(shown, [
              { header: out.t('cli.col.serial'), value: (d) => d.serial },
              { header: out.t('cli.col.model'), value: (d) => d.model },
              { header: out.t('simulator.col.order'), value: (d) => d.orderNumber },
              { header: out.t('cli.col.server'), value: (d) => d.serverId ?? '-' },
              { header: out.t('cli.col.profile'), value: (d) => d.profileStatus },
            ]),
            out.t('cli.devices.count', { n: shown.length }),
          ],
          shown,
        );
      }),
    );
};
