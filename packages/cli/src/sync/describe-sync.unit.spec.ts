import { defaultSyncPolicy, zeroCounts, type SyncRunResult } from '@depledger/core';
import { describeSync, formatPolicyDuration } from './describe-sync';

const now = new Date('2026-11-26T07:00:00Z');
const base: SyncRunResult = {
  status: 'completed',
  tokenId: 'paris',
  runId: 'r1',
  requested: 'full',
  kind: 'full',
  downgrade: null,
  refusal: null,
  counts: { ...zeroCounts, received: 12, added: 12 },
  pages: 2,
  outcome: 'completed',
  fullFetchCompleted: true,
  resumedFetch: false,
  reconciliation: { status: 'done', released: 0 },
  cursorResets: [],
  assignments: { sent: 12, assigned: 12, notAccessible: 0, failed: 0, throttled: 0, skipped: null },
  retries: null,
  error: null,
};

describe('describeSync', () => {
  it('says what ran, what Apple sent and what was assigned, in French with --lang fr', () => {
    expect(describeSync(base, defaultSyncPolicy, 'fr', now, 1400)).toEqual([
      'Synchronisation terminée pour paris : complète, 2 pages, 12 appareils reçus d’Apple en 1.4 s.',
      '  12 ajouté(s), 0 modifié(s), 0 retiré(s), 0 inchangé(s).',
      '  Profils (règles de routage, profil par défaut) : 12 envoyé(s), 12 attribué(s), 0 en échec, 0 limité(s) par Apple, 0 inaccessible(s).',
    ]);
  });

  it('says what ran, what Apple sent and what was assigned, in English with --lang en', () => {
    expect(describeSync(base, defaultSyncPolicy, 'en', now, 1400)).toEqual([
      'Sync completed for paris: full run, 2 pages, 12 devices from Apple in 1.4 s.',
      '  12 added, 0 modified, 0 released, 0 unchanged.',
      '  Profiles (routing rules, default profile): 12 sent, 12 assigned, 0 failed, 0 throttled, 0 not accessible.',
    ]);
  });

  it("counts devices once: a full run's sync pass is said as records, never added to the devices fetched", () => {
    const full = { ...base, counts: { ...zeroCounts, received: 120_000, added: 60_000, unchanged: 60_000 }, pages: 120 };
    expect(describeSync(full, defaultSyncPolicy, 'en', now, 1400, { fetch: 60_000, sync: 60_000 })[0]).toBe(
      'Sync completed for paris: full run, 120 pages, 60000 devices from Apple, then 60000 records from the sync pass in 1.4 s.',
    );
    expect(describeSync({ ...base, kind: 'incremental' }, defaultSyncPolicy, 'en', now, 1400, { fetch: 0, sync: 3 })[0]).toBe(
      "Sync completed for paris: incremental run, 2 pages, 3 records from Apple's sync feed in 1.4 s.",
    );
  });

  it('explains a downgrade with the rule and when a full sync is allowed again', () => {
    const lines = describeSync(
      { ...base, kind: 'incremental', downgrade: { reason: 'recent', nextFullAllowedAt: '2026-12-03T07:00:00Z' } },
      defaultSyncPolicy,
      'en',
      now,
      10,
    );
    expect(lines).toContain('  Next full sync allowed 2026-12-03 07:00 UTC (in 7 days).');
    expect(lines.join('\n')).toContain('at most once every 7 days');
  });

  it('gives a refusal its label in the chosen language and when to retry', () => {
    const refused: SyncRunResult = {
      ...base,
      status: 'refused',
      outcome: null,
      refusal: { reason: 'run_in_progress', retryAt: '2026-11-26T07:10:00Z', message: 'A run is going on.', blockingRunId: 'r0' },
    };
    expect(describeSync(refused, defaultSyncPolicy, 'en', now, 5)).toEqual([
      'Sync refused for paris: A sync is already running (run_in_progress).',
      '  A run is going on.',
      '  Retry after 2026-11-26 07:10 UTC (in 10 min).',
    ]);
    expect(describeSync(refused, defaultSyncPolicy, 'fr', now, 5)).toEqual([
      'Synchronisation refusée pour paris : Une synchronisation est déjà en cours (run_in_progress).',
      '  Réessayer après 2026-11-26 07:10 UTC (dans 10 min).',
    ]);
  });

  it('says every refusal reason in words of the language asked, a reused run id included', () => {
    const reused: SyncRunResult = {
      ...base,
      status: 'refused',
      outcome: null,
      refusal: { reason: 'run_id_already_used', retryAt: null, message: 'Run r1 was recorded already.', blockingRunId: null },
    };
    expect(describeSync(reused, defaultSyncPolicy, 'fr', now, 5)[0]).toBe(
      'Synchronisation refusée pour paris : cet identifiant de synchronisation a déjà servi (run_id_already_used).',
    );
    expect(describeSync(reused, defaultSyncPolicy, 'en', now, 5)[0]).toBe(
      'Sync refused for paris: this run id was used already (run_id_already_used).',
    );
  });

  it('names policy durations', () => {
    expect(formatPolicyDuration({ days: 7 })).toBe('7 days');
    expect(formatPolicyDuration({ minutes: 1 })).toBe('1 minute');
    expect(formatPolicyDuration({ days: 7 }, 'fr')).toBe('7 jours');
  });
});
