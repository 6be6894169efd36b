import type { Command } from 'commander';
import { deviceStatus } from '@depledger/projections';
import type { Kit } from './kit';

type Options = { reason: string };

/** An administrator unenrolls a device (its user cannot: DEP profiles are not removable by default). */
export const registerUnenroll = (program: Command, kit: Kit): void => {
  program
    .command('unenroll')
    .description('record that an administrator unenrolled a device from the MDM (users of DEP devices cannot)')
    .argument('<serial>', 'the serial number')
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .addHelpText('after', '\nExample:\n  depledger unenroll C02XK1ABCD12 --reason "returned to stock"')
    .action(
      kit.action<Options>(async ({ args, options, globals, out, withContext }) => {
        const serial = String(args[0]).trim().toUpperCase();
        const device = await withContext(async (context) => {
          await context.depledger.devices.unenroll(serial, options.reason, { actor: globals.actor });
          return deviceStatus((await context.readModels()).readModels, serial, globals.lang);
        });
        out.result(() => [out.t('cli.unenroll.done', { serial, status: device?.statusLabel ?? '-' })], {
          serial,
          status: device?.status ?? null,
          statusLabel: device?.statusLabel ?? null,
        });
      }),
    );
};
