import type { Command } from 'commander';
import type { ActivationLockInput } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { exitCodes } from '../errors/exit-codes';
import { readInputFile } from '../files/input-file';
import type { Kit } from './kit';

type Options = { secrets?: string; lostMessage?: string; showBypassCode?: boolean };

/** The escrow key and bypass code come from a file, never from the command line (shell history, process lists). */
const secretsFrom = (cwd: string, path: string): Pick<ActivationLockInput, 'escrowKey' | 'bypassCode'> => {
  const text = readInputFile(cwd, path, 'The secrets file').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError('INVALID_INPUT', `The secrets file ${path} is not JSON: write { "escrowKey": "…", "bypassCode": "…" }.`, { path });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CliError('INVALID_INPUT', `The secrets file ${path} must hold one JSON object { "escrowKey", "bypassCode" }.`, { path });
  return parsed as Pick<ActivationLockInput, 'escrowKey' | 'bypassCode'>;
};

/** `activation-lock`: enable Activation Lock on a device at Apple, its escrow key and bypass code kept in the vault. */
export const registerActivationLock = (program: Command, kit: Kit): void => {
  program
    .command('activation-lock')
    .description(
      "enable Activation Lock on a device at Apple (POST /device/activationlock); the escrow key and bypass code go to depledger's vault",
    )
    .argument('<serial>', 'the serial number')
    .option('--secrets <file.json>', 'a JSON file { "escrowKey": 64 hex (Apple\'s escrow_key), "bypassCode": "XXXXX-XXXXX-…" }')
    .option('--lost-message <text>', 'a message the device shows (sent to Apple, not kept)')
    .option('--show-bypass-code', 'print the bypass code kept for the device instead (to unlock it)')
    .addHelpText(
      'after',
      '\nWithout --secrets the lock belongs to the account that created the MDM server in Apple Business Manager.\n\nExamples:\n  depledger activation-lock F17XK1ABCD12 --secrets lock.json\n  depledger activation-lock F17XK1ABCD12 --show-bypass-code',
    )
    .action(
      kit.action<Options>(async ({ args, options, io, out, withContext, globals }) => {
        const serial = (args[0] as string).trim().toUpperCase();
        if (options.showBypassCode === true) {
          const code = await withContext((context) => context.depledger.devices.activationLockBypassCode(serial));
          out.result(() => [code === null ? out.t('lock.noBypassCode', { serial }) : code], { serial, bypassCode: code });
          return code === null ? exitCodes.failed : exitCodes.ok;
        }
        const secrets = options.secrets === undefined ? {} : secretsFrom(io.cwd, options.secrets);
        const report = await withContext((context) =>
          context.depledger.devices.escrowActivationLock(
            serial,
            { ...secrets, ...(options.lostMessage === undefined ? {} : { lostMessage: options.lostMessage }) },
            { actor: globals.actor },
          ),
        );
        out.result(
          () => [
            report.result === 'success'
              ? out.t(secrets.escrowKey ? 'lock.enabledKept' : 'lock.enabled', { serial })
              : out.t('lock.refused', { serial, result: report.result.toUpperCase() }),
          ],
          { serial, result: report.result, recorded: report.events.map((e) => e.type) },
        );
        return report.result === 'success' ? exitCodes.ok : exitCodes.failed;
      }),
    );
};
