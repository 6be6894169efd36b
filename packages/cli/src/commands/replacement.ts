import type { Command } from 'commander';
import { exitCodes } from '../errors/exit-codes';
import type { Kit } from './kit';

/**
 * `replacement`: ask Apple now which device a replacement device replaces (Get Replacement Details)
 * and record it — for a device whose lookup at sync Apple could not answer.
 */
export const registerReplacement = (program: Command, kit: Kit): void => {
  program
    .command('replacement')
    .description(
      'ask Apple now which device a replacement device replaces (GET /device/replacementDetails), and record it; the sync asks by itself, this is for a lookup that failed',
    )
    .argument('<serial>', 'the serial number of the replacement device')
    .addHelpText(
      'after',
      '\nExit code 0 when the original is known (recorded now or before), 1 when Apple has no replacement record or does not flag the device as a replacement.\n\nExample:\n  depledger replacement F17XK1ABCD12',
    )
    .action(
      kit.action(async ({ args, out, withContext, globals }) => {
        const report = await withContext((context) =>
          context.depledger.devices.lookUpReplacement(args[0] as string, { actor: globals.actor }),
        );
        const replaces = report.replaces;
        out.result(
          () => [
            report.result === 'recorded' || report.result === 'already_recorded'
              ? out.t(report.result === 'recorded' ? 'replacement.recorded' : 'replacement.alreadyRecorded', {
                  serial: report.serial,
                  original: replaces?.serial ?? '',
                  since: replaces?.on ? out.t('replacement.since', { on: replaces.on }) : '',
                })
              : out.t(report.result === 'no_record' ? 'replacement.noRecord' : 'replacement.notReplacement', { serial: report.serial }),
          ],
          { serial: report.serial, result: report.result, replaces, recorded: report.events.map((e) => e.type) },
        );
        return replaces === null ? exitCodes.failed : exitCodes.ok;
      }),
    );
};
