import type { Command } from 'commander';
import type { BusinessRemovalReport } from '@depledger/core';
import { activityLines, registerActivityCommand } from '../business/activity-command';
import type { Kit } from './kit';

/** `depledger business release`: devices out of the organisation for good — only with `--confirm`. */
export const registerBusinessRelease = (business: Command, kit: Kit): void =>
  registerActivityCommand<{ confirm?: boolean }, BusinessRemovalReport>(business, kit, {
    name: 'release',
    description: "release devices from the organisation at Apple, for good (needs --confirm); waits until Apple's activity finishes",
    ownOptions: (command) => command.option('--confirm', 'confirm the release: it cannot be undone'),
    help: '\nA released device leaves the organisation: it can no longer be assigned to a server nor enrolled through DEP.\nGive exactly one of --serials, --order or --csv, and --confirm. Exit code 1 when Apple kept some devices.\n\nExample:\n  depledger business release --serials C02XK1ABCD12 --confirm',
    run: (service, base, options, { globals }) => service.release({ ...base, confirm: options.confirm === true }, { actor: globals.actor }),
    summary: (report, t) => [
      t('business.released', { id: report.removalId, done: report.removed.length, total: report.serials.length }),
      ...(report.failed.length > 0 ? [t('business.stillInOrganisation', { serials: report.failed.join(', ') })] : []),
      ...activityLines(report.activities, t),
    ],
  });
