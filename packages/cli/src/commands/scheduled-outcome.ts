import { errorText as catalogueText, isErrorCode, message, type ScheduledOutcome, type SyncPolicy, type TenantId } from '@depledger/core';
import type { Lang } from '@depledger/projections';
import { exitCodes, type ExitCode } from '../errors/exit-codes';
import { formatDate, formatFromNow } from '../output/dates';
import { describeSync } from '../sync/describe-sync';

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
export const describeOutcome = (
  outcome: ScheduledOutcome & Readonly<{ tenant?: TenantId }>,
  policy: SyncPolicy,
  lang: Lang,
  now: Date,
): string[] => {
  // the fleet's outcomes name their tenant: acme/paris
  const tenant = outcome.tenant === undefined ? '' : `${outcome.tenant}/`;
  const subject = `${tenant}${outcome.tokenId ?? `${message(lang, 'cli.schedule.account')} ${outcome.accountId ?? ''}`}`;
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
export const outcomeJson = (outcome: ScheduledOutcome) =>
  outcome.error === undefined
    ? outcome
    : { ...outcome, error: { code: (outcome.error as { code?: unknown }).code ?? null, message: errorText(outcome.error) } };

/** 4 if a run failed or a call threw, else 3 if a sync was refused, else 0. */
export const exitCodeOf = (outcomes: readonly ScheduledOutcome[]): ExitCode => {
  if (outcomes.some((o) => o.status === 'failed' || o.status === 'error')) return exitCodes.syncFailed;
  if (outcomes.some((o) => o.status === 'refused')) return exitCodes.syncRefused;
  return exitCodes.ok;
};
