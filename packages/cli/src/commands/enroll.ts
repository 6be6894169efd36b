import type { Command } from 'commander';
import { deviceStatus } from '@depledger/projections';
import type { Kit } from './kit';

type Options = { user?: string };

/** Step 8: the MDM reports a device's check-in (from its enrollment endpoint, or a script). */
export const registerEnroll = (program: Command, kit: Kit): void => {
  program
    .command('enroll')
    .description('record an MDM check-in: the device enrolled (status Enrolled); for MDMs that report it from scripts')
    .argument('<serial>', 'the serial number of the device that checked in')
    .option('--user <id>', 'the user the device is tied to (user affinity); kept in the vault, never in the event log')
    .addHelpText(
      'after',
      '\nRecording the same check-in twice changes nothing.\n\nExample:\n  depledger enroll C02XK1ABCD12 --user jmartin',
    )
    .action(
      kit.action<Options>(async ({ args, options, globals, out, withContext }) => {
        const serial = String(args[0]).trim().toUpperCase();
        const { recorded, device } = await withContext(async (context) => {
          const events = await context.depledger.devices.recordEnrollment(serial, {
            actor: 'mdm:checkin',
            ...(options.user !== undefined ? { user: options.user } : {}),
          });
          const { readModels } = await context.readModels();
          return { recorded: events.length > 0, device: await deviceStatus(readModels, serial, globals.lang) };
        });
        out.result(
          () => [
            recorded
              ? out.t('cli.enroll.recorded', { serial, status: device?.statusLabel ?? '' })
              : out.t('cli.enroll.already', { serial, status: device?.statusLabel ?? '' }),
          ],
          { serial, recorded, status: device?.status ?? null, statusLabel: device?.statusLabel ?? null },
        );
      }),
    );
};
