import type { Command } from 'commander';
import { deviceStatus } from '@depledger/projections';
import type { DeviceOperationReport } from '@depledger/core';
import { exitCodes } from '../errors/exit-codes';
import type { Kit } from './kit';

type Options = { reason: string };

type Operation = Readonly<{
  name: 'disown' | 'clear-profile';
  description: string;
  done: 'cli.device.disowned' | 'cli.device.profileCleared';
  example: string;
}>;

const operations: readonly Operation[] = [
  {
    name: 'disown',
    description: "disown devices at Apple: they leave your organisation for good (Apple's POST /devices/disown)",
    done: 'cli.device.disowned',
    example: 'depledger disown C02XK1ABCD12 --reason "sold to an employee"',
  },
  {
    name: 'clear-profile',
    description:
      "clear devices' enrollment profile at Apple (DELETE /profile/devices); a profile is assigned again at the next sync or with assign",
    done: 'cli.device.profileCleared',
    example: 'depledger clear-profile C02XK1ABCD12 F4HQ2WXYZ001 --reason "wrong profile, to be re-routed"',
  },
];

/** `disown` and `clear-profile`: an administrator's operations on devices at Apple, with a reason kept in the device's history. */
export const registerDeviceOperations = (program: Command, kit: Kit): void => {
  for (const operation of operations) {
    program
      .command(operation.name)
      .description(operation.description)
      .argument('<serials...>', 'serial numbers')
      .requiredOption('--reason <text>', 'why, for the audit trail (kept in each device history)')
      .addHelpText('after', `\nExample:\n  ${operation.example}`)
      .action(
        kit.action<Options>(async ({ args, options, out, withContext, globals }) => {
          const serials = (args[0] as string[]).map((s) => s.trim().toUpperCase());
          const { report, statuses } = await withContext(async (context) => {
            const call = operation.name === 'disown' ? context.depledger.devices.disown : context.depledger.devices.clearProfile;
            const report: DeviceOperationReport = await call(serials, options.reason, { actor: globals.actor });
            const readModels = (await context.readModels()).readModels;
            const statuses = await Promise.all(
              serials.map(async (serial) => (await deviceStatus(readModels, serial, globals.lang))?.statusLabel ?? '-'),
            );
            return { report, statuses };
          });
          const rows = serials.map((serial, i) => ({ serial, apple: report.results[serial] ?? 'failed', status: statuses[i] ?? '-' }));
          out.result(
            () =>
              rows.map((r) =>
                r.apple === 'success'
                  ? out.t(operation.done, { serial: r.serial, status: r.status })
                  : out.t('cli.device.appleAnswered', { serial: r.serial, answer: r.apple.toUpperCase() }),
              ),
            { operation: operation.name, reason: options.reason, devices: rows },
          );
          return rows.every((r) => r.apple === 'success') ? exitCodes.ok : exitCodes.failed;
        }),
      );
  }
};
