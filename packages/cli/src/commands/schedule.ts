import type { Command } from 'commander';
import { createSyncScheduler, message, messageLabel, type BusinessAccountPlan, type TokenPlan } from '@depledger/core';
import type { Lang } from '@depledger/projections';
import { CliError } from '../errors/cli-error';
import { exitCodes } from '../errors/exit-codes';
import { formatDate, formatFromNow } from '../output/dates';
import { table } from '../output/table';
import { describeOutcome, exitCodeOf, outcomeJson } from './scheduled-outcome';
import { declareFleetOptions, fleetSettingsOf, poolFor, type FleetFlags } from './fleet-options';
import { scheduleFleet } from './schedule-fleet';
import type { Kit } from './kit';
import { untilStopped } from '../runtime/until-stopped';

type Options = { once?: boolean; plan?: boolean; token?: string[]; every: string; allTenants?: boolean } & FleetFlags;

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
  const command = program
    .command('schedule')
    .description('keep tokens in sync as the rules say: full and delta syncs, expiry checks (tokens and API accounts), assignment retries')
    .option('--once', 'one pass, then exit (for cron or a systemd timer)')
    .option('--plan', 'print what is due when, per token and per API account, and do nothing')
    .option('--token <id...>', 'only these tokens (default: every token)')
    .option('--every <seconds>', 'without --once: how often to look for due work', '60')
    .option(
      '--all-tenants',
      'every token of every tenant of the store (those not forgotten), from one queue, fair across tenants: run it as the operator, without --tenant',
    );
  declareFleetOptions(command)
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
        'With --all-tenants, one queue for every tenant: the earliest due first, --concurrency at once, at most',
        '--per-tenant of one organisation; with several nodes on one store, each token is taken by its first node',
        'when due and by the next one a --standby delay later if still due (the run lease still decides).',
        "A forgotten tenant is left out. --plan prints the queue with each token's tenant.",
        '',
        'Examples:',
        '  depledger schedule --once',
        '  depledger schedule --plan',
        '  depledger schedule --every 300 --token paris lyon',
        '  depledger schedule --all-tenants --concurrency 16 --per-tenant 2 --node 1/3 --standby 2m',
      ].join('\n'),
    )
    .action(
      kit.action<Options>(async ({ options, globals, io, out, withContext }) => {
        const every = Number(options.every);
        if (!Number.isInteger(every) || every < 1)
          throw new CliError('INVALID_INPUT', messageLabel('cli.schedule.every', { value: JSON.stringify(options.every) }));
        if (options.once === true && options.plan === true) throw new CliError('INVALID_INPUT', messageLabel('cli.schedule.onceOrPlan'));
        const allTenants = options.allTenants === true;
        const fleet = fleetSettingsOf(options, allTenants);
        if (allTenants) {
          if (globals.tenant !== 'default')
            throw new CliError('INVALID_INPUT', messageLabel('cli.fleet.withTenant', { tenant: String(globals.tenant) }));
          if (options.token) throw new CliError('INVALID_INPUT', messageLabel('cli.fleet.withToken'));
          const mode = options.plan === true ? 'plan' : options.once === true ? 'once' : 'loop';
          return withContext(
            (context) => {
              const operator = context.operator();
              return scheduleFleet(operator.depledger, { mode, fleet: { ...fleet, store: operator.events }, every, globals, io, out });
            },
            { connections: poolFor(fleet, 0) },
          );
        }
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
          const stopped = untilStopped();
          scheduler.start();
          await stopped;
          await scheduler.stop({ cancelRunning: true });
          out.note(out.t('cli.stopped'));
          return exitCodes.ok;
        });
      }),
    );
};
