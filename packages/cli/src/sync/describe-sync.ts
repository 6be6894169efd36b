import type { SyncPolicy, SyncRunResult } from '@depledger/core';
import { syncRefusalLabel, type Lang } from '@depledger/projections';
import { formatDate, formatElapsed, formatFromNow } from '../output/dates';
import type { SyncRecords } from './sync-progress';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `{ days: 7 }` → "7 days", `{ minutes: 10 }` → "10 minutes". */
export const formatPolicyDuration = (duration: SyncPolicy['fullSyncInterval']): string =>
  Object.entries(duration)
    .filter(([, v]) => typeof v === 'number' && v > 0)
    .map(([unit, v]) => `${v} ${v === 1 ? unit.replace(/s$/, '') : unit}`)
    .join(' ');

const refusalLabel = (reason: string, lang: Lang): string =>
  reason === 'run_in_progress' || reason === 'too_soon' ? syncRefusalLabel(reason, lang) : reason.replace(/_/g, ' ');

/**
 * What Apple sent, counted honestly: the fetch pass lists each device once, the sync pass lists
 * changes (often the same devices again), so a full run's two passes are never added up as devices.
 */
const fromApple = (received: number, records: SyncRecords | undefined): string => {
  if (records === undefined) return `${plural(received, 'device')} from Apple`;
  if (records.fetch === 0) return `${plural(records.sync, 'record')} from Apple's sync feed`;
  const devices = `${plural(records.fetch, 'device')} from Apple`;
  return records.sync === 0 ? devices : `${devices}, then ${plural(records.sync, 'record')} from the sync pass`;
};

/** A sync run's result for a person: what ran, what Apple sent, what was assigned, and the rules that applied. */
export const describeSync = (
  result: SyncRunResult,
  policy: SyncPolicy,
  lang: Lang,
  now: Date,
  elapsedMs: number,
  records?: SyncRecords,
): string[] => {
  if (result.status === 'refused' && result.refusal) {
    const { refusal } = result;
    return [
      `Sync refused for ${result.tokenId}: ${refusalLabel(refusal.reason, lang)} (${refusal.reason}).`,
      `  ${refusal.message}`,
      refusal.retryAt
        ? `  Retry after ${formatDate(refusal.retryAt)} (${formatFromNow(refusal.retryAt, now)}).`
        : '  Retrying will not help until the token is fixed (see `depledger tokens`).',
    ];
  }
  const c = result.counts;
  const lines = [
    `Sync ${result.status.replace('_', ' ')} for ${result.tokenId}: ${result.kind} run, ${plural(result.pages, 'page')}, ${fromApple(c.received, records)} in ${formatElapsed(elapsedMs)}.`,
    `  ${c.added} added, ${c.modified} modified, ${c.released} released, ${c.unchanged} unchanged.`,
  ];
  if (result.downgrade) {
    lines.push(
      `  Asked for a full sync; ran incremental: a full sync runs at most once every ${formatPolicyDuration(policy.fullSyncInterval)}, a sooner one refreshes only what changed and serials not known yet.`,
      `  Next full sync allowed ${formatDate(result.downgrade.nextFullAllowedAt)} (${formatFromNow(result.downgrade.nextFullAllowedAt, now)}).`,
    );
  }
  const a = result.assignments;
  if (a.sent > 0)
    lines.push(
      `  Default profile: ${a.sent} sent, ${a.assigned} assigned, ${a.failed} failed, ${a.throttled} throttled, ${a.notAccessible} not accessible.`,
    );
  else if (a.skipped === 'no_default_profile' && c.added > 0)
    lines.push('  New devices got no profile: the token has no default profile (depledger profile default).');
  else if (a.skipped === 'default_profile_not_published' && c.added > 0)
    lines.push('  New devices got no profile: the default profile is not published (depledger profile publish).');
  if (result.reconciliation.status === 'done' && result.reconciliation.released > 0) {
    lines.push(`  ${plural(result.reconciliation.released, 'device')} no longer reported by Apple released.`);
  }
  if (result.retries && result.retries.sent > 0)
    lines.push(`  Retries due: ${result.retries.sent} sent, ${result.retries.assigned} assigned.`);
  if (result.error) lines.push(`  ${result.error.code}: ${result.error.message}`, '  The next run resumes from the last recorded page.');
  return lines;
};
