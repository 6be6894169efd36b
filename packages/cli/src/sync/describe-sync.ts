import { errorText, isErrorCode, message, type MessageKey, type SyncPolicy, type SyncRunResult } from '@depledger/core';
import { syncRefusalLabel, type Lang } from '@depledger/projections';
import { formatDate, formatElapsed } from '../output/dates';
import type { SyncRecords } from './sync-progress';
import { runWords, syncSentences, type SyncSentences } from './sync-messages';

/** `{ days: 7 }` → "7 days" ("7 jours" in French), `{ minutes: 10 }` → "10 minutes". */
export const formatPolicyDuration = (duration: SyncPolicy['fullSyncInterval'], lang: Lang = 'en'): string =>
  Object.entries(duration)
    .filter(([, v]) => typeof v === 'number' && v > 0)
    .map(([unit, v]) => syncSentences(lang).duration(v as number, unit))
    .join(' ');

// the token's reasons, beside the sync rules' labels from the projections
const tokenReasons = {
  token_not_active: 'sync.token_not_active',
  token_expired: 'sync.token_expired',
  token_rejected: 'sync.token_rejected',
  run_id_already_used: 'sync.run_id_already_used',
} as const satisfies Record<string, MessageKey>;

const refusalLabel = (reason: string, lang: Lang): string =>
  reason === 'run_in_progress' || reason === 'too_soon'
    ? syncRefusalLabel(reason, lang)
    : reason in tokenReasons
      ? message(lang, tokenReasons[reason as keyof typeof tokenReasons])
      : reason.replace(/_/g, ' ');

/**
 * What Apple sent, counted honestly: the fetch pass lists each device once, the sync pass lists
 * changes (often the same devices again), so a full run's two passes are never added up as devices.
 */
const fromApple = (say: SyncSentences, received: number, records: SyncRecords | undefined): string => {
  if (records === undefined) return say.devicesFromApple(received);
  if (records.fetch === 0) return say.feedRecords(records.sync);
  return `${say.devicesFromApple(records.fetch)}${records.sync === 0 ? '' : say.thenRecords(records.sync)}`;
};

/** A sync run's result for a person, in one language: what ran, what Apple sent, what was assigned, and the rules that applied. */
export const describeSync = (
  result: SyncRunResult,
  policy: SyncPolicy,
  lang: Lang,
  now: Date,
  elapsedMs: number,
  records?: SyncRecords,
): string[] => {
  const say = syncSentences(lang);
  const fromNow = (iso: string) => say.fromNow(Date.parse(iso) - now.getTime());
  if (result.status === 'refused' && result.refusal) {
    const { refusal } = result;
    const detail = say.refusalDetail(refusal.message);
    return [
      say.refused(result.tokenId, refusalLabel(refusal.reason, lang), refusal.reason),
      ...(detail === null ? [] : [detail]),
      refusal.retryAt ? say.retryAt(formatDate(refusal.retryAt), fromNow(refusal.retryAt)) : say.retryUseless,
    ];
  }
  const c = result.counts;
  const words = runWords[lang];
  const lines = [
    say.ran(
      words[result.status] ?? result.status.replace('_', ' '),
      result.tokenId,
      words[result.kind] ?? result.kind,
      result.pages,
      fromApple(say, c.received, records),
      formatElapsed(elapsedMs),
    ),
    say.counts(c),
  ];
  if (result.downgrade) {
    lines.push(
      say.downgraded(formatPolicyDuration(policy.fullSyncInterval, lang)),
      say.nextFull(formatDate(result.downgrade.nextFullAllowedAt), fromNow(result.downgrade.nextFullAllowedAt)),
    );
  }
  const a = result.assignments;
  if (a.sent > 0) lines.push(say.assignments(a));
  if (a.skipped === 'no_default_profile' && c.added > 0) lines.push(say.noDefaultProfile);
  else if (a.skipped === 'default_profile_not_published' && c.added > 0) lines.push(say.defaultNotPublished);
  else if (a.skipped === 'rule_profile_not_published' && c.added > 0) lines.push(say.ruleProfileNotPublished);
  if (result.reconciliation.status === 'done' && result.reconciliation.released > 0) {
    lines.push(say.releasedByAbsence(result.reconciliation.released));
  }
  if (result.retries && result.retries.sent > 0) lines.push(say.retries(result.retries));
  if (result.error) {
    // the run's own message is English: in French, the code's text from the catalogue
    const { code } = result.error;
    const said = lang === 'en' || !isErrorCode(code) ? result.error.message : errorText(code, lang);
    lines.push(lang === 'en' ? `  ${code}: ${said}` : `  ${code} : ${said}`, say.resumes);
  }
  return lines;
};
