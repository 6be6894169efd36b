import type { Command } from 'commander';
import { CliError } from '../errors/cli-error';
import { readInputFile } from '../files/input-file';

/** A CSV of serial numbers: 16 MiB is several hundred thousand of them. */
const csvMaxBytes = 16 * 1024 * 1024;
import { createSimulatorClient, simulatorUrlOf } from '../simulator/control-client';
import type { PortalAssignment } from '../simulator/simulator-types';
import { withSimulatorUrl } from '../simulator/simulator-url-option';
import type { Kit } from './kit';

type AssignOptions = { server: string; serials?: string[]; order?: string; csv?: string; simulatorUrl?: string };

/** Step 6 at the simulator's portal: assign devices to an MDM server by serial, order number or CSV. */
export const registerPortalAssign = (portal: Command, kit: Kit): void => {
  withSimulatorUrl(
    portal
      .command('assign')
      .description('step 6: assign devices to an MDM server by serial number, order number or CSV file')
      .requiredOption('--server <id>', 'the MDM server id (from add-server or `portal servers`)')
      .option('--serials <serial...>', 'serial numbers')
      .option('--order <number>', 'every device of an order number')
      .option('--csv <file>', 'a CSV file whose first column holds serial numbers (a header line is skipped)'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  depledger simulator portal assign --server <id> --serials C02XK1ABCD12 F4HQ2WXYZ001\n  depledger simulator portal assign --server <id> --order W123456789\n  depledger simulator portal assign --server <id> --csv devices.csv',
    )
    .action(
      kit.action<AssignOptions>(async ({ options, io, out }) => {
        const chosen = [options.serials, options.order, options.csv].filter((v) => v !== undefined).length;
        if (chosen !== 1)
          throw new CliError('INVALID_INPUT', 'Choose the devices one way: --serials <serial...>, --order <number> or --csv <file>.');
        const selection =
          options.serials !== undefined
            ? { serials: options.serials }
            : options.order !== undefined
              ? { orderNumber: options.order }
              : { csv: readInputFile(io.cwd, options.csv as string, 'The CSV file', csvMaxBytes).toString('utf8') };
        const client = createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env));
        const result = await client.request<PortalAssignment>(
          'POST',
          `/_portal/servers/${encodeURIComponent(options.server)}/devices`,
          selection,
        );
        out.result(
          () => [
            out.t('simulator.assigned', {
              assigned: result.assigned.length,
              server: options.server,
              unchanged: result.unchanged.length,
              unknown: result.unknown.length,
            }),
            ...(result.unknown.length > 0 ? [out.t('simulator.unknown', { serials: result.unknown.join(' ') })] : []),
          ],
          result,
        );
      }),
    );
};
