import type { Command } from 'commander';
import type { BusinessAssignmentReport } from '@depledger/core';
import { activityLines, registerActivityCommand } from '../business/activity-command';
import type { Kit } from './kit';

/** `depledger business assign`: step 6 without the portal — devices to an MDM server (or migrated to it by a deadline), waiting for Apple's activity. */
export const registerBusinessAssign = (business: Command, kit: Kit): void =>
  registerActivityCommand<{ server: string; deadline?: string }, BusinessAssignmentReport>(business, kit, {
    name: 'assign',
    description: "assign devices to an MDM server at Apple (step 6 without the portal); waits until Apple's activity finishes",
    ownOptions: (command) =>
      command
        .requiredOption('--server <id>', 'the MDM server (business servers lists them)')
        .option(
          '--deadline <date>',
          'migrate devices enrolled through another MDM server by this date (ISO, at most 90 days ahead), without erasing them',
        ),
    help: '\nGive exactly one of --serials, --order or --csv. Exit code 1 when Apple left some devices unassigned.\nWith --deadline, Apple asks each device to re-enroll with the new server; its user can postpone until the deadline.\nA device enrolled through no server has nothing to migrate from and is left unassigned.\n\nExamples:\n  depledger business assign --server 1F97349736CF4614A94F624E705841AD --order W123456789\n  depledger business assign --server 1F97349736CF4614A94F624E705841AD --csv devices.csv --deadline 2027-03-15T17:00:00Z',
    run: (service, base, options, { globals }) =>
      service.assign(
        { ...base, serverId: options.server, ...(options.deadline === undefined ? {} : { migrationDeadline: options.deadline }) },
        { actor: globals.actor },
      ),
    summary: (report, t) => {
      const counts = { id: report.assignmentId, done: report.assigned.length, total: report.serials.length, server: report.serverId };
      return [
        report.migrationDeadline === null
          ? t('business.assigned', counts)
          : t('business.migrating', { ...counts, deadline: report.migrationDeadline }),
        ...(report.failed.length > 0 ? [t('business.notAssigned', { serials: report.failed.join(', ') })] : []),
        ...activityLines(report.activities, t),
      ];
    },
  });
