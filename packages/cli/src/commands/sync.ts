import type { Command } from 'commander';
import { message, type Lang } from '@depledger/core';
import { exitCodes } from '../errors/exit-codes';
import { describeSync } from '../sync/describe-sync';
import { cancelOnInterrupt } from '../sync/interrupt';
import { syncProgress } from '../sync/sync-progress';
import type { CliContext } from '../runtime/open-context';
import type { CliIo } from '../runtime/cli-io';
import type { Kit } from './kit';

type Options = { token: string; full?: boolean };

/**
 * The read models brought up to the log: before the run, so that its appends (SQLite) fold their
 * events into them in their own transactions, and again before `sync` returns, so that the next
 * command (`summary`, `devices`) pays no catch-up. The run stands whatever happens here: a failure
 * is a warning, and the next command catches up.
 */
const catchUpReadModels = async (context: CliContext, io: CliIo, lang: Lang, when: 'before' | 'after'): Promise<void> => {
  try {
    // the first call catches up as it opens them; the one after the run catches up again
    const { runner } = await context.readModels();
    if (when === 'after') await runner.catchUp();
  } catch (error) {
    io.stderr(`${message(lang, `sync.readModelsBehind.${when}`, { error: error instanceof Error ? error.message : String(error) })}\n`);
  }
};

/** Step 7: "Sync now". */
export const registerSync = (program: Command, kit: Kit): void => {
  program
    .command('sync')
    .description('step 7, "Sync now": fetch the token\'s devices from Apple and give new ones the default profile')
    .requiredOption('--token <id>', 'the token id')
    .option('--full', 'a full sync (every serial refreshed); at most once every 7 days, sooner runs incremental')
    .addHelpText(
      'after',
      [
        '',
        "Rules (the Intune document's): a full sync at most once every 7 days (a sooner one refreshes only",
        'what changed and serials not known yet); a run must finish within 10 minutes; while one runs,',
        "another is refused. With --policy intune-current (today's Intune): 15 minutes per run and a manual",
        'sync at most every 15 minutes. A refused sync exits with 3 and says when to retry; a failed or',
        'timed-out one exits with 4 (the next run resumes from the last recorded page). Ctrl-C cancels',
        'the run cleanly (recorded as SYNC_RUN_CANCELLED, exit 4); the next sync is not held up by it.',
        '',
        'Examples:',
        '  depledger sync --token paris',
        '  depledger sync --token paris --full --json',
      ].join('\n'),
    )
    .action(
      kit.action<Options>(async ({ options, io, globals, out, withContext }) => {
        const started = Date.now();
        const progress = syncProgress(io, globals.json, globals.lang);
        const interrupt = cancelOnInterrupt();
        const { result, policy, now } = await withContext(async (context) => {
          await catchUpReadModels(context, io, globals.lang, 'before');
          try {
            const run = await context.depledger.sync.run(options.token, {
              kind: options.full === true ? 'full' : 'incremental',
              // A manual run, asked for by the administrator (--actor): the run is recorded as theirs; the
              // facts it records are Apple's, so they carry the engine's actor (system:sync) with the
              // administrator as metadata.requestedBy.
              trigger: 'manual',
              requestedBy: globals.actor,
              onPage: (page) => progress.onPage(page),
              signal: interrupt.signal,
            });
            return { result: run, policy: context.depledger.policy, now: context.depledger.clock.now() };
          } finally {
            interrupt.release();
            progress.stop();
            // Ctrl-C means leave now: the next command catches up.
            if (!interrupt.signal.aborted) await catchUpReadModels(context, io, globals.lang, 'after');
          }
        });
        out.result(() => describeSync(result, policy, globals.lang, now, Date.now() - started, progress.records()), result);
        if (result.status === 'refused') return exitCodes.syncRefused;
        if (result.status === 'failed' || result.status === 'timed_out') return exitCodes.syncFailed;
        return exitCodes.ok;
      }),
    );
};
