import type { Command } from 'commander';
import {
  createSyncScheduler,
  errorText as catalogueText,
  isErrorCode,
  message,
  messageLabel,
  type BusinessAccountPlan,
  type ScheduledOutcome,
  type SyncPolicy,
  type TokenPlan,
} from '@depledger/core';
import type { Lang } from '@depledger/projections';
import { CliError } from '../errors/cli-error';
import { exitCodes, type ExitCode } from '../errors/exit-codes';
import { formatDate, formatFromNow } from '../output/dates';
import { table } from '../output/table';
import { describeSync } from '../sync/describe-sync';
import type { Kit } from './kit';

type Options = { once?: boolean; plan?: boolean; token?: string[]; every: string };

const statusIn = (status: string, lang: Lang): string =>
  status === 'done' || status === 'refused' || status === 'failed' || status === 'error' || status === 'skipped'
    ? message(lang, `cli.schedule.status.${status}`)
    : status;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A failed call's message for a person: in French, the code's text from the catalogue (the error's own message is English). */
const errorIn = (error: unknown, lang: Lang): string => {
  const code = (error as { code?: unknown }).code;
  return lang === 'fr' && typeof code === 'string' && isErrorCode(code) ? `${code} — ${catalogueText(code, 'fr')}` : errorText(error);
};

/** An outcome for a person: one line, then the sync's own description when a sync ran. */
export const describeOutcome = (outcome: ScheduledOutcome, policy: SyncPolicy, lang: Lang, now: Date): string[] => {
  const subject = outcome.tokenId ?? `${message(lang, 'cli.schedule.account')} ${outcome.accountId ?? ''}`;
  const task = message(lang, `cli.schedule.task.${outcome.task}`);
  const head = `${formatDate(outcome.at)}  ${subject}  ${task}${lang === 'fr' ? ' : ' : ': '}${statusIn(outcome.status, lang)}`;
  if (outcome.sync) {
    const retry =
      outcome.status !== 'done' && outcome.retryAt
        ? [message(lang, 'cli.schedule.retry', { date: formatDate(outcome.retryAt), when: formatFromNow(outcome.retryAt, now, lang) })]
        : [];
    return [head, ...describeSync(outcome.sync, policy, lang, now, outcome.durationMs).map((line) => `  ${line}`), ...retry];
  }
  if (outcome.assignments) return [`${head}${message(lang, 'cli.schedule.sent', { n: outcome.assignments.sent })}`];
  if (outcome.error !== undefined) return [`${head}${lang === 'fr' ? ' : ' : ': '}${errorIn(outcome.error, lang)}`];
  return [head];
};

/** An outcome for scripts: the error as its code and message, not an object JSON cannot carry. */
const outcomeJson = (outcome: ScheduledOutcome) =>
  outcome.error === undefined
    ? outcome
    : { ...outcome, error: { code: (outcome.error as { code?: unknown }).code ?? null, message: errorText(outcome.error) } };

/** 4 if a run failed or a call threw, else 3 if a sync was refused, else 0. */
const exitCodeOf = (outcomes: readonly ScheduledOutcome[]): ExitCode => {
  if (outcomes.some((o) => o.status === 'failed' || o.status === 'error')) return exitCodes.syncFailed;
  if (outcomes.some((o) => o.status === 'refused')) return exitCodes.syncRefused;
  return exitCodes.ok;
};

/** The Business API accounts' next expiry checks, below the tokens' plan (nothing when there is no account). */
const describeAccountPlan = (plans: readonly BusinessAccountPlan[], now: Date, lang: Lang): string[] =>
  plans.length === 0
    ? []
    : [
        '',
        ...table(plans, [
          { header: message(lang, 'cli.col.apiAccount'), value: (p) => p.accountId },
          { header: message(lang, 'cli.col.expiryCheck'), value: (p) => formatFromNow(p.nextExpiryCheckAt, now, lang) },
        ]),
      ];

const kindIn = (kind: string, lang: Lang): string =>
  kind === 'full' || kind === 'incremental' ? message(lang, `syncs.kind.${kind}`) : kind;

const describePlan = (plans: readonly TokenPlan[], now: Date, lang: Lang): string[] =>
  plans.length === 0
    ? [message(lang, 'cli.schedule.noToken')]
    : table(plans, [
        { header: message(lang, 'cli.col.token'), value: (p) => p.tokenId },
        {
          header: message(lang, 'cli.col.nextSync'),
          value: (p) =>
            p.nextSync
              ? `${kindIn(p.nextSync.kind, lang)}, ${formatDate(p.nextSync.at)} (${formatFromNow(p.nextSync.at, now, lang)})`
              : p.skipped === null
                ? '-'
                : message(lang, `cli.schedule.skipped.${p.skipped}`),
        },
        {
          header: message(lang, 'cli.col.expiryCheck'),
          value: (p) => (p.nextExpiryCheckAt ? formatFromNow(p.nextExpiryCheckAt, now, lang) : '-'),
        },
        {
          header: message(lang, 'cli.col.retries'),
          value: (p) => (p.nextAssignmentRetryAt ? formatFromNow(p.nextAssignmentRetryAt, now, lang) : '-'),
        },
      ]);

/** Keeps tokens in sync as the policy says: one pass for cron (--once), or a loop until Ctrl-C. */
export const registerSchedule = (program: Command, kit: Kit): void => {
  program
    .command('schedule')
    .description('keep tokens in sync as the rules say: full and delta syncs, expiry checks (tokens and API accounts), assignment retries')
    .option('--once', 'one pass, then exit (for cron or a systemd timer)')
    .option('--plan', 'print what is due when, per token and per API account, and do nothing')
    .option('--token <id...>', 'only these tokens (default: every token)')
    .option('--every <seconds>', 'without --once: how often to look for due work', '60')
    .addHelpText(
      'after',
      [
        '',
        'Each pass, per active token: the expiry check once a day; a full sync once the full-sync interval',
        '(7 days) has passed since the last full one, else a delta sync once the delta interval has passed',
        '(24 h; 12 h with --policy intune-current) since the last run; else the assignment retries that are',
        'due. When a sync is due comes from the recorded runs, so a cron job running --once every few',
        'minutes syncs exactly as often as the rules say. A failed run is retried after 5 minutes, then',
        '10, 20... (within one process). Without --once, runs until Ctrl-C, which cancels a sync in flight',
        '(recorded; the next run resumes from its last page).',
        "Each School and Business Manager API account's credentials are checked for expiry once a day too,",
        'warned as a server token is (business status shows them).',
        '',
        'Exit codes with --once: 0 all done, 3 a sync was refused, 4 a sync failed or a call failed.',
        '',
        'Examples:',
        '  depledger schedule --once',
        '  depledger schedule --plan',
        '  depledger schedule --every 300 --token paris lyon',
      ].join('\n'),
    )
    .action(
      kit.action<Options>(async ({ options, globals, io, out, withContext }) => {
        const every = Number(options.every);
        if (!Number.isInteger(every) || every < 1)
          throw new CliError('INVALID_INPUT', messageLabel('cli.schedule.every', { value: JSON.stringify(options.every) }));
        if (options.once === true && options.plan === true) throw new CliError('INVALID_INPUT', messageLabel('cli.schedule.onceOrPlan'));
        return withContext(async (context) => {
          const { depledger } = context;
          const now = () => depledger.clock.now();
          const schedulerOptions = { ...(options.token ? { tokens: options.token } : {}), checkEveryMs: every * 1000 };
          if (options.plan === true) {
            const scheduler = createSyncScheduler(depledger, schedulerOptions);
            const plans = await scheduler.plan();
            const accounts = await scheduler.accountPlan();
            // --json: the tokens' plans, then the accounts' (told apart by tokenId / accountId)
            out.result(
              () => [...describePlan(plans, now(), globals.lang), ...describeAccountPlan(accounts, now(), globals.lang)],
              [...plans, ...accounts],
            );
            return exitCodes.ok;
          }
          if (options.once === true) {
            const outcomes = await createSyncScheduler(depledger, schedulerOptions).runDue();
            out.result(
              () =>
                outcomes.length === 0
                  ? [out.t('cli.schedule.nothingDue')]
                  : outcomes.flatMap((o) => describeOutcome(o, depledger.policy, globals.lang, now())),
              outcomes.map(outcomeJson),
            );
            return exitCodeOf(outcomes);
          }
          // a loop: each outcome as it happens (a JSON line each with --json), until Ctrl-C or SIGTERM
          const scheduler = createSyncScheduler(depledger, {
            ...schedulerOptions,
            onOutcome: (outcome) => {
              if (globals.json) io.stdout(`${JSON.stringify(outcomeJson(outcome))}\n`);
              else for (const line of describeOutcome(outcome, depledger.policy, globals.lang, now())) io.stdout(`${line}\n`);
            },
          });
          out.note(
            out.t('cli.schedule.looping', { tokens: options.token ? options.token.join(', ') : out.t('cli.schedule.everyToken'), every }),
          );
          const stopped = new Promise<void>((resolve) => {
            const stop = () => {
              process.removeListener('SIGINT', stop);
              process.removeListener('SIGTERM', stop);
              resolve();
            };
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
          scheduler.start();
          // the scheduler's timer never holds the process; this does, until a signal
          const keepAlive = setInterval(() => undefined, 1 << 30);
          await stopped;
          clearInterval(keepAlive);
          await scheduler.stop({ cancelRunning: true });
          out.note(out.t('cli.stopped'));
          return exitCodes.ok;
        });
      }),
    );
};
