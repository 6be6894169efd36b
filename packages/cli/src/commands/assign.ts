import type { Command } from 'commander';
import { exitCodes } from '../errors/exit-codes';
import type { Kit } from './kit';

type Options = { profile: string; token: string };

/** Assigns a published profile to serials by hand (outside the default-profile rule). */
export const registerAssign = (program: Command, kit: Kit): void => {
  program
    .command('assign')
    .description("assign a published profile to devices at Apple (the token's default is assigned automatically at sync)")
    .argument('<serials...>', 'serial numbers')
    .requiredOption('--profile <id>', 'the profile')
    .requiredOption('--token <id>', 'the token the devices and the profile belong to')
    .addHelpText(
      'after',
      '\nFAILED assignments are retried after 24 h, THROTTLED ones when Apple allows (at the next sync).\n\nExample:\n  depledger assign C02XK1ABCD12 F4HQ2WXYZ001 --profile corp --token paris',
    )
    .action(
      kit.action<Options>(async ({ args, options, out, withContext, globals }) => {
        const serials = (args[0] as string[]).map((s) => s.trim().toUpperCase());
        const result = await withContext((context) =>
          context.depledger.sync.assignProfile(options.token, options.profile, serials, { actor: globals.actor }),
        );
        out.result(
          () => [
            out.t('cli.assign.result', {
              profile: options.profile,
              sent: result.sent,
              assigned: result.assigned,
              failed: result.failed,
              throttled: result.throttled,
              notAccessible: result.notAccessible,
            }),
            ...result.refused.map((r) => `  ${r.serial}: ${r.code}: ${r.message}`),
          ],
          result,
        );
        return result.sent === 0 && result.refused.length > 0 ? exitCodes.failed : exitCodes.ok;
      }),
    );
};
