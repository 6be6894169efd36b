import { Option, type Command } from 'commander';
import {
  builtInProjections,
  deviceStatusCodes,
  listDevices,
  readModelsAsOf,
  streamDevices,
  type DeviceStatusCode,
  type DeviceView,
} from '@depledger/projections';
import { parseAsOf } from '../runtime/as-of';
import { formatDate } from '../output/dates';
import { writeJsonArray } from '../output/json-array';
import { table } from '../output/table';
import type { Output } from '../output/output';
import type { Kit } from './kit';

type Options = { token?: string; status?: DeviceStatusCode[]; replacements?: boolean; asOf?: string };

/** The device a replacement device replaces, and the day, as the REPLACES column shows it. */
const replacesText = (device: DeviceView, out: Output): string =>
  device.replaces
    ? `${device.replaces.serial}${device.replaces.on ? ` (${device.replaces.on})` : ''}`
    : out.t('cli.devices.replacementPending');

const deviceRows = (devices: readonly DeviceView[], out: Output, replacements: boolean): string[] =>
  table(devices, [
    { header: out.t('cli.col.serial'), value: (d) => d.serial },
    { header: out.t('cli.col.status'), value: (d) => d.statusLabel },
    { header: out.t('cli.col.model'), value: (d) => d.model ?? '-' },
    { header: out.t('cli.col.token'), value: (d) => d.tokenId },
    { header: out.t('cli.col.profile'), value: (d) => (d.assignment ? `${d.assignment.profileId} v${d.assignment.profileVersion}` : '-') },
    { header: out.t('cli.col.assignment'), value: (d) => d.assignmentLabel ?? '-' },
    { header: out.t('cli.col.since'), value: (d) => formatDate(d.statusSince) },
    ...(replacements ? [{ header: out.t('cli.col.replaces'), value: (d: DeviceView) => replacesText(d, out) }] : []),
  ]);

/** Step 7's list: "All corporate devices", with the Intune document's statuses (Non contacté, Inscrit, ...). */
export const registerDevices = (program: Command, kit: Kit): void => {
  program
    .command('devices')
    .description('list the devices depledger knows, with their status (Not contacted, Enrolled, ...)')
    .option('--token <id>', 'only the devices of this token')
    .addOption(new Option('--status <code...>', 'only these statuses').choices([...deviceStatusCodes]))
    .option('--replacements', "only replacement devices, with the device each one replaces (Apple's replacement details)")
    .option('--as-of <date>', 'the list as it was at that moment (ISO date), folded from the event log')
    .addHelpText(
      'after',
      '\nStatus labels follow --lang: Not contacted, Enrolled… in English with --lang en, their French words by default.\n\nExamples:\n  depledger devices\n  depledger devices --token paris --status not_contacted --lang en\n  depledger devices --json\n  depledger devices --replacements --lang en\n  depledger devices --as-of 2026-11-26T08:00:00Z',
    )
    .action(
      kit.action<Options>(async ({ options, io, globals, out, withContext }) => {
        const asOf = parseAsOf(options.asOf);
        const filter = {
          lang: globals.lang,
          ...(options.token !== undefined ? { tokenId: options.token } : {}),
          ...(options.status !== undefined ? { status: options.status } : {}),
          ...(options.replacements === true ? { replacements: true } : {}),
        };
        if (out.json && asOf === undefined) {
          // The whole fleet as JSON, written as it is read: a 100k-device list is never held whole.
          await withContext(async (context) =>
            writeJsonArray(io.stdout, streamDevices((await context.readModels()).readModels, filter), io.stdoutDrained),
          );
          return;
        }
        const devices = await withContext(async (context) => {
          const readModels =
            asOf === undefined
              ? (await context.readModels()).readModels
              : await readModelsAsOf({ eventStore: context.events, projections: builtInProjections, at: { time: asOf } });
          return listDevices(readModels, filter);
        });
        out.result(
          () =>
            devices.length === 0
              ? [out.t('cli.devices.empty')]
              : [...deviceRows(devices, out, options.replacements === true), out.t('cli.devices.count', { n: devices.length })],
          devices,
        );
      }),
    );
};
