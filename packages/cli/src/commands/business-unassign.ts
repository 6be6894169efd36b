import type { Command } from 'commander';
import type { BusinessRemovalReport } from '@depledger/core';
import { activityLines, registerActivityCommand } from '../business/activity-command';
import type { Kit } from './kit';

/** `depledger business unassign`: devices off an MDM server at Apple (they stay in the organisation), waiting for Apple's activity. */
export const registerBusinessUnassign = (business: Command, kit: Kit): void =>
  registerActivityCommand<{ server: string }, BusinessRemovalReport>(business, kit, {
    name: 'unassign',
    description: "unassign devices from an MDM server at Apple (they stay in the organisation); waits until Apple's activity finishes",
    ownOptions: (command) => command.requiredOption('--server <id>', 'the MDM server they are on (business servers lists them)'),
    help: '\nGive exactly one of --serials, --order or --csv. Exit code 1 when Apple left some devices on the server.\n\nExample:\n  depledger business unassign --server 1F97349736CF4614A94F624E705841AD --serials C02XK1ABCD12',
    run: (service, base, options, { globals }) => service.unassign({ ...base, serverId: options.server }, { actor: globals.actor }),
    summary: (report, t) => [
      t('business.unassigned', {
        id: report.removalId,
        done: report.removed.length,
        total: report.serials.length,
        server: report.serverId ?? '',
      }),
      ...(report.failed.length > 0 ? [t('business.stillOnServer', { serials: report.failed.join(', ') })] : []),
      ...activityLines(report.activities, t),
    ],
  });
