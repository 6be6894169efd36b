import type { Command } from 'commander';
import type { BusinessMigrationChangeReport } from '@depledger/core';
import { activityLines, registerActivityCommand } from '../business/activity-command';
import type { Kit } from './kit';
import type { Output } from '../output/output';

const failedLine = (report: BusinessMigrationChangeReport, t: Output['t']): string[] =>
  report.failed.length > 0 ? [t('business.unchanged', { serials: report.failed.join(', ') })] : [];

/** `depledger business migration-deadline`: a new deadline for migrations under way (Apple's UPDATE_MDM_MIGRATION_DEADLINE). */
export const registerBusinessMigrationDeadline = (business: Command, kit: Kit): void =>
  registerActivityCommand<{ deadline: string }, BusinessMigrationChangeReport>(business, kit, {
    name: 'migration-deadline',
    description: "move the deadline of device migrations under way at Apple; waits until Apple's activity finishes",
    ownOptions: (command) =>
      command.requiredOption('--deadline <date>', 'the new deadline (ISO, at most 90 days ahead; a past one migrates at once)'),
    help: '\nGive exactly one of --serials, --order or --csv: devices migrating since business assign --deadline.\nAn earlier or past deadline is enforced on the devices without letting their users postpone it.\nExit code 1 when Apple left some devices unchanged.\n\nExample:\n  depledger business migration-deadline --deadline 2027-02-01T17:00:00Z --order W123456789',
    run: (service, base, options, { globals }) =>
      service.updateMigrationDeadline({ ...base, deadline: options.deadline }, { actor: globals.actor }),
    summary: (report, t) => [
      t('business.deadlineMoved', {
        id: report.changeId,
        done: report.changed.length,
        total: report.serials.length,
        deadline: report.deadline ?? '',
      }),
      ...failedLine(report, t),
      ...activityLines(report.activities, t),
    ],
  });

/** `depledger business cancel-migration`: migrations under way cancelled (Apple's CANCEL_MDM_MIGRATION). */
export const registerBusinessCancelMigration = (business: Command, kit: Kit): void =>
  registerActivityCommand<Record<never, never>, BusinessMigrationChangeReport>(business, kit, {
    name: 'cancel-migration',
    description:
      "cancel device migrations under way at Apple: the devices go back to their former server; waits until Apple's activity finishes",
    ownOptions: (command) => command,
    help: '\nGive exactly one of --serials, --order or --csv. Exit code 1 when Apple left some migrations under way.\n\nExample:\n  depledger business cancel-migration --serials C02XK1ABCD12',
    run: (service, base, _options, { globals }) => service.cancelMigration(base, { actor: globals.actor }),
    summary: (report, t) => [
      t('business.migrationCancelled', { id: report.changeId, done: report.changed.length, total: report.serials.length }),
      ...failedLine(report, t),
      ...activityLines(report.activities, t),
    ],
  });
