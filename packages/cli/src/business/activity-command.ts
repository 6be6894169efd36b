import type { Command } from 'commander';
import type { BusinessAssignmentProgress, BusinessService, DeviceSelectionInput } from '@depledger/core';
import type { ActionCall, Kit } from '../commands/kit';
import type { Output } from '../output/output';
import { exitCodes } from '../errors/exit-codes';
import { assignmentProgress } from './assignment-progress';
import { businessServiceOf } from './business-service';
import { selectionFromOptions, type SelectionOptions } from './selection-options';

/** What every activity command is given besides its own options: the account, the devices named, and the progress callback. */
export type ActivityBase = DeviceSelectionInput &
  Readonly<{ accountId: string; onProgress: (progress: BusinessAssignmentProgress) => void }>;

/** A report that says which devices Apple's activities left as they were. */
type Report = Readonly<{ failed: readonly string[] }>;

/**
 * One `depledger business …` command that names devices (`--serials`, `--order`, `--csv`), starts
 * Apple's activities on them and waits with a progress view: its own options, the service call
 * and the summary lines are the only things that differ between them.
 */
export type ActivityCommandSpec<Own, R extends Report> = Readonly<{
  name: string;
  description: string;
  /** The command's own options (`--server`, `--confirm`, `--deadline`…), declared on it. */
  ownOptions: (command: Command) => Command;
  /** The text after the options in `--help`: the rules and an example. */
  help: string;
  run: (service: BusinessService, base: ActivityBase, options: Own, call: ActionCall<Own & SelectionOptions>) => Promise<R>;
  /** The lines printed without `--json` (the report itself is printed with it). */
  summary: (report: R, t: Output['t']) => string[];
}>;

/** Registers an activity command; exit code 1 when Apple's activities failed for some devices. */
export const registerActivityCommand = <Own, R extends Report>(business: Command, kit: Kit, spec: ActivityCommandSpec<Own, R>): void => {
  const command = business.command(spec.name).description(spec.description);
  spec
    .ownOptions(command)
    .option('--serials <list>', 'serial numbers, comma-separated')
    .option('--order <number>', 'every device of an order')
    .option('--csv <file>', 'a CSV file with one serial per line (first column)')
    .option('--account <name>', 'the API account', 'default')
    .addHelpText('after', spec.help)
    .action(
      kit.action<Own & SelectionOptions & { account: string }>(async (call) => {
        const { options, out, withContext, globals, io } = call;
        const selection = selectionFromOptions(options, io);
        const progress = assignmentProgress(io, out);
        let report: R;
        try {
          report = await withContext((context) =>
            spec.run(
              businessServiceOf(context, globals.appleUrl, io),
              { accountId: options.account, ...selection, onProgress: (p) => progress.onProgress(p) },
              options,
              call,
            ),
          );
        } finally {
          progress.stop();
        }
        out.result(() => spec.summary(report, out.t), report);
        return report.failed.length > 0 ? exitCodes.failed : exitCodes.ok;
      }),
    );
};

const activityStatuses = ['IN_PROGRESS', 'COMPLETED', 'STOPPED', 'FAILED'] as const;

/** Apple's status of an activity in words of the language asked; one Apple adds later, as Apple writes it. */
const activityStatusIn = (status: string, t: Output['t']): string =>
  (activityStatuses as readonly string[]).includes(status)
    ? t(`business.activityStatus.${status as (typeof activityStatuses)[number]}`)
    : status;

/** The line that points at an activity's per-device log. */
export const activityLines = (activities: ReadonlyArray<{ activityId: string; status: string }>, t: Output['t']): string[] =>
  activities.map((a) => t('business.activity', { id: a.activityId, status: activityStatusIn(a.status, t) }));
