import type { Duration } from 'date-fns';
import type { TokenService } from '../application/token-service';
import type { BusinessService } from '../business/business-service';
import { ValidationError } from '../errors';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import { depledgerSerde } from '../serde/depledger-events';
import type { EventSerde } from '../serde/event-serde';
import type { AssignmentResult } from '../sync-run/assignment/assignments';
import type { SyncEngine } from '../sync-run/sync-engine';
import type { SyncRunResult } from '../sync-run/run-result';
import type { SyncPolicy } from '../sync/sync-policy';
import type { SyncState } from '../sync/sync-state';
import type { TokenState } from '../token/token-state';
import { backoff, dueTimes, expiryCheckDue, type ScheduledTask, type TokenMemory } from './due-work';
import { readSinceLast } from './read-since-last';
import { recallMemory, recordMemory } from './scheduler-memory';
import { businessStreamPrefixes } from '../business/business-streams';
import { tokenStream } from '../token/token-events';
import { readSyncState } from '../sync-run/sync-snapshots';

export type { ScheduledTask } from './due-work';

/** What the scheduler needs of a depledger (`createDepledger`'s result has all of it). */
export type SchedulableDepledger = Readonly<{
  store: EventStore;
  clock: Clock;
  policy: SyncPolicy;
  tokens: Pick<TokenService, 'state' | 'checkExpiry'>;
  sync: Pick<SyncEngine, 'run' | 'retryDueAssignments'>;
  /** The Business API's accounts, whose credentials' expiry is checked like a token's; left out, none is. */
  business?: Pick<BusinessService, 'checkExpiry'>;
}>;

export type SyncSchedulerOptions = Readonly<{
  /**
   * Only these tokens, or the tokens a look-up gives at each pass (the fleet scheduler's one look-up
   * for every tenant of a shared store). @defaultValue every token of the store, looked up at each pass
   */
  tokens?: readonly string[] | (() => Promise<readonly string[]>);
  /** The actor recorded on what the scheduler starts. @defaultValue 'system:schedule' */
  actor?: string;
  /** How often `start()` looks for due work, in ms. @defaultValue 60000 */
  checkEveryMs?: number;
  /** Only these Business API accounts, or those a look-up gives at each pass. @defaultValue every account of the store, looked up at each pass */
  businessAccounts?: readonly string[] | (() => Promise<readonly string[]>);
  /** How often each token's expiry, and each Business API account's, is checked (`tokens.checkExpiry`, `business.checkExpiry`). @defaultValue 24 hours */
  expiryCheckInterval?: Duration;
  /** How often due assignment retries are sent between sync runs (`sync.retryDueAssignments`). @defaultValue 1 hour */
  assignmentRetryInterval?: Duration;
  /** The wait after a run that failed or timed out; it doubles with each failure in a row, up to the policy's delta interval. @defaultValue 5 minutes */
  failureBackoff?: Duration;
  /** Told of everything the scheduler did, as it happens (log it, alert on it). */
  onOutcome?: (outcome: ScheduledOutcome) => void;
  /** @defaultValue depledgerSerde */
  serde?: EventSerde;
}>;

/** One thing the scheduler did for a token (or a Business API account), and how it went. */
export type ScheduledOutcome = Readonly<{
  /** The token; null for a Business API account's expiry check (`accountId`). */
  tokenId: string | null;
  /** The Business API account of an `account_expiry_check`. */
  accountId?: string;
  task: ScheduledTask;
  /** When it started, by the depledger's clock. */
  at: string;
  /** How long it took, in ms of this process's monotonic time. */
  durationMs: number;
  /**
   * `done`: it ran (a sync completed, the expiry was checked, the retries were sent); `refused`: the
   * sync rules said no (see `sync.refusal`); `failed`: a run failed or timed out (recorded as
   * such); `error`: the call threw (`error`), nothing the scheduler could record.
   */
  status: 'done' | 'refused' | 'failed' | 'error';
  sync?: SyncRunResult;
  assignments?: AssignmentResult;
  error?: unknown;
  /** For a sync that did not complete: when the scheduler will try again. */
  retryAt?: string;
}>;

/** When each task of a token is next due (a time in the past: due at the next pass). */
export type TokenPlan = Readonly<{
  tokenId: string;
  /** Why the token is left alone, if it is (only active tokens are scheduled). */
  skipped: 'token_not_active' | null;
  nextSync: Readonly<{ kind: 'full' | 'incremental'; at: string }> | null;
  nextExpiryCheckAt: string | null;
  nextAssignmentRetryAt: string | null;
}>;

/** When a Business API account's credentials are next checked for expiry (a time in the past: due at the next pass). */
export type BusinessAccountPlan = Readonly<{ accountId: string; nextExpiryCheckAt: string }>;

export type SyncScheduler = Readonly<{
  /**
   * One pass: for each token, whatever is due now — the expiry check, then a full or delta sync,
   * else the due assignment retries — one token after the other; then each Business API account's
   * expiry check, when due (`business` given). A pass asked for while one runs
   * gets that pass's result. For cron: call it and exit.
   */
  runDue(): Promise<readonly ScheduledOutcome[]>;
  /** What is due when, per token, without doing anything. */
  plan(): Promise<readonly TokenPlan[]>;
  /**
   * One token's part of a pass: whatever of its work is due now (expiry check, then a full or delta
   * sync, else the due assignment retries). What `runDue` does for each token, for a caller that
   * orders the tokens itself (the fleet scheduler). Waits for a pass in flight, if any, first.
   */
  runDueFor(tokenId: string): Promise<readonly ScheduledOutcome[]>;
  /** One token's plan (`plan()` for one token). */
  planFor(tokenId: string): Promise<TokenPlan>;
  /** The tokens it schedules: those of the `tokens` option, else every token of the store (each look-up reads only what was appended since the last). */
  tokens(): Promise<readonly string[]>;
  /** The Business API accounts' part of a pass: each account's expiry check, when due (none without `business`). */
  runDueAccounts(): Promise<readonly ScheduledOutcome[]>;
  /** When each Business API account's credentials are next checked for expiry (none without `business`). */
  accountPlan(): Promise<readonly BusinessAccountPlan[]>;
  /** Runs a pass now and then every `checkEveryMs` until `stop()`. The timer never keeps the process alive. */
  start(): void;
  /**
   * Stops the timer and waits for the pass in flight. With `cancelRunning`, a sync in flight is
   * cancelled (recorded as failed, SYNC_RUN_CANCELLED; the next run resumes from its last page) and
   * the pass goes no further — for a shutdown that should not wait minutes.
   */
  stop(options?: Readonly<{ cancelRunning?: boolean }>): Promise<void>;
}>;

const positiveDuration = (
  name: string,
  duration: Duration | undefined,
  fallback: Duration,
  issues: { path: string; message: string }[],
): Duration => {
  if (duration === undefined) return fallback;
  const values = Object.values(duration) as unknown[];
  if (values.length === 0 || values.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0) || values.every((v) => v === 0)) {
    issues.push({ path: name, message: 'must be a date-fns Duration with at least one positive amount (e.g. { hours: 24 })' });
  }
  return duration;
};

/**
 * The ids of the streams under some prefixes (the store's tokens, its API accounts), in the order
 * they first appear in the log, looked up again cheaply: each look-up reads only the events appended
 * since the last one, so a scheduler asked for its tokens every few minutes does not read the whole
 * log each time — what made a fleet of thousands of organisations on one store slow.
 */
const streamIdsSince = (store: EventStore, prefixes: readonly string[]): (() => Promise<readonly string[]>) => {
  const ids = new Set<string>();
  const lookUp = readSinceLast(store, prefixes, (streamName) => {
    const prefix = prefixes.find((candidate) => streamName.startsWith(candidate));
    if (prefix !== undefined) ids.add(streamName.slice(prefix.length));
  });
  return async () => {
    await lookUp();
    return [...ids];
  };
};

const idsOrLookUp = (ids: unknown): boolean =>
  ids === undefined ||
  typeof ids === 'function' ||
  (Array.isArray(ids) && ids.every((id: unknown) => typeof id === 'string' && id.length > 0));

/**
 * Keeps tokens in sync as the policy says, so an MDM need not write its own loop: a full sync when
 * the full-sync interval has passed since the last full one, a delta sync every delta interval,
 * the expiry checked daily, due assignment retries sent hourly; the Business API accounts'
 * credentials checked for expiry daily too. When is due comes from the recorded runs, and the
 * backoff after failures, the last expiry checks and the last retries are kept in the store
 * (`dep-schedule-<tokenId>`, `dep-business-schedule-<accountId>`), so a restarted scheduler, or one on another node,
 * picks up where the others left off. Safe to run on every node: the run lease and the sync rules
 * let one run per token at a time, and a run whose node died is taken over once its lease lapses.
 */
export const createSyncScheduler = (depledger: SchedulableDepledger, options: SyncSchedulerOptions = {}): SyncScheduler => {
  const issues: { path: string; message: string }[] = [];
  const intervals = {
    expiryCheck: positiveDuration('expiryCheckInterval', options.expiryCheckInterval, { hours: 24 }, issues),
    assignmentRetry: positiveDuration('assignmentRetryInterval', options.assignmentRetryInterval, { hours: 1 }, issues),
  };
  const failureBackoff = positiveDuration('failureBackoff', options.failureBackoff, { minutes: 5 }, issues);
  const checkEveryMs = options.checkEveryMs ?? 60_000;
  if (!Number.isSafeInteger(checkEveryMs) || checkEveryMs < 1)
    issues.push({ path: 'checkEveryMs', message: `must be a whole number of milliseconds, 1 or more (got ${String(checkEveryMs)})` });
  if (!idsOrLookUp(options.tokens))
    issues.push({ path: 'tokens', message: 'must be token ids (non-empty strings) or a function giving them' });
  if (!idsOrLookUp(options.businessAccounts))
    issues.push({ path: 'businessAccounts', message: 'must be API account ids (non-empty strings) or a function giving them' });
  if (issues.length > 0) throw new ValidationError('sync scheduler options', issues);

  const { store, clock, policy } = depledger;
  const serde = options.serde ?? depledgerSerde;
  const actor = options.actor ?? 'system:schedule';
  // what the scheduler remembers of each token lives in the store: a restart or another node goes on from it
  const memoryOf = async (tokenId: string): Promise<TokenMemory> => (await recallMemory(store, { tokenId })).memory;
  const remember = async (tokenId: string, before: string, memory: TokenMemory): Promise<void> => {
    if (JSON.stringify(memory) !== before) await recordMemory(store, { tokenId }, memory, actor, clock.now());
  };
  const storedTokenIds = streamIdsSince(store, [tokenStream('')]);
  const storedAccountIds = streamIdsSince(store, businessStreamPrefixes('businessAccount'));
  const given = (ids: readonly string[] | (() => Promise<readonly string[]>) | undefined, stored: () => Promise<readonly string[]>) =>
    ids === undefined ? stored : typeof ids === 'function' ? ids : async () => ids;
  const tokenIds = given(options.tokens, storedTokenIds);
  const givenAccountIds = given(options.businessAccounts, storedAccountIds);
  const accountIds = async (): Promise<readonly string[]> => (depledger.business === undefined ? [] : givenAccountIds());
  /** When an account's credentials were last checked, kept in the store like a token's last expiry check. */
  const accountCheckDue = async (accountId: string): Promise<{ memory: TokenMemory; at: Date }> => {
    const { memory } = await recallMemory(store, { accountId });
    return { memory, at: expiryCheckDue(memory, intervals) };
  };
  const syncState = async (tokenId: string): Promise<SyncState> => (await readSyncState(store, serde, tokenId)).state;

  /** Aborted by `stop({ cancelRunning: true })`; a fresh one for the passes after. */
  let cancel = new AbortController();

  const tell = (outcomes: ScheduledOutcome[], timed: Omit<ScheduledOutcome, 'durationMs'>, startedMs: number): void => {
    const outcome: ScheduledOutcome = { ...timed, durationMs: performance.now() - startedMs };
    outcomes.push(outcome);
    try {
      options.onOutcome?.(outcome);
    } catch {
      // a listener's failure is its own: the pass goes on
    }
  };

  const runSync = async (
    tokenId: string,
    kind: 'full' | 'incremental',
    memory: TokenMemory,
    outcomes: ScheduledOutcome[],
  ): Promise<boolean> => {
    const at = clock.now();
    const startedMs = performance.now();
    const task: ScheduledTask = kind === 'full' ? 'full_sync' : 'delta_sync';
    try {
      const result = await depledger.sync.run(tokenId, { kind, trigger: 'schedule', actor, signal: cancel.signal });
      if (result.status === 'completed') {
        memory.failuresInARow = 0;
        memory.syncNotBefore = null;
        // a run sends the due retries itself
        memory.assignmentsRetriedAt = clock.now();
        tell(outcomes, { tokenId, task, at: at.toISOString(), status: 'done', sync: result }, startedMs);
        return true;
      }
      if (result.status === 'refused') {
        // another run (maybe on another node) holds the token: ask again at the next pass, so that when
        // its process dies this scheduler takes over once the lease lapses instead of waiting for the deadline.
        // Other refusals name when asking again can work; none (a person must act): a delta interval on
        const retryAt =
          result.refusal?.reason === 'run_in_progress'
            ? clock.now()
            : result.refusal?.retryAt
              ? new Date(result.refusal.retryAt)
              : backoff(policy.deltaSyncInterval, policy.deltaSyncInterval, 1, clock.now());
        memory.syncNotBefore = retryAt;
        tell(outcomes, { tokenId, task, at: at.toISOString(), status: 'refused', sync: result, retryAt: retryAt.toISOString() }, startedMs);
        return false;
      }
      memory.failuresInARow += 1;
      memory.syncNotBefore = backoff(failureBackoff, policy.deltaSyncInterval, memory.failuresInARow, clock.now());
      tell(
        outcomes,
        { tokenId, task, at: at.toISOString(), status: 'failed', sync: result, retryAt: memory.syncNotBefore.toISOString() },
        startedMs,
      );
      return false;
    } catch (error) {
      memory.failuresInARow += 1;
      memory.syncNotBefore = backoff(failureBackoff, policy.deltaSyncInterval, memory.failuresInARow, clock.now());
      tell(
        outcomes,
        { tokenId, task, at: at.toISOString(), status: 'error', error, retryAt: memory.syncNotBefore.toISOString() },
        startedMs,
      );
      return false;
    }
  };

  const passFor = async (tokenId: string, outcomes: ScheduledOutcome[]): Promise<void> => {
    const token: TokenState = await depledger.tokens.state(tokenId);
    if (token.status !== 'active') return;
    const memory = await memoryOf(tokenId);
    const before = JSON.stringify(memory);
    try {
      await passOn(tokenId, memory, outcomes);
    } finally {
      await remember(tokenId, before, memory);
    }
  };

  const passOn = async (tokenId: string, memory: TokenMemory, outcomes: ScheduledOutcome[]): Promise<void> => {
    const due = dueTimes(await syncState(tokenId), policy, memory, intervals);
    const now = clock.now().getTime();
    if (due.expiryCheck.getTime() <= now) {
      const at = clock.now();
      const startedMs = performance.now();
      try {
        await depledger.tokens.checkExpiry(tokenId, { actor: 'system:clock' });
        memory.expiryCheckedAt = at;
        tell(outcomes, { tokenId, task: 'expiry_check', at: at.toISOString(), status: 'done' }, startedMs);
      } catch (error) {
        tell(outcomes, { tokenId, task: 'expiry_check', at: at.toISOString(), status: 'error', error }, startedMs);
      }
    }
    if (due.sync.at.getTime() <= now && (await runSync(tokenId, due.sync.kind, memory, outcomes))) return;
    if (cancel.signal.aborted) return;
    // an expired or rejected token may not talk to Apple: its sync refusals say so, once a delta interval
    const current = await depledger.tokens.state(tokenId);
    if (current.status !== 'active' || current.expiredAt !== null || current.rejectedSince !== null) return;
    if (due.assignmentRetry.getTime() <= clock.now().getTime()) {
      const at = clock.now();
      const startedMs = performance.now();
      try {
        const assignments = await depledger.sync.retryDueAssignments(tokenId, { actor, signal: cancel.signal });
        memory.assignmentsRetriedAt = at;
        tell(outcomes, { tokenId, task: 'assignment_retry', at: at.toISOString(), status: 'done', assignments }, startedMs);
      } catch (error) {
        tell(outcomes, { tokenId, task: 'assignment_retry', at: at.toISOString(), status: 'error', error }, startedMs);
      }
    }
  };

  /** An API account's expiry check, when due: warnings recorded as for a token (BusinessAccountExpiring, BusinessAccountExpired). */
  const passForAccount = async (accountId: string, outcomes: ScheduledOutcome[]): Promise<void> => {
    const business = depledger.business;
    if (business === undefined) return;
    const due = await accountCheckDue(accountId);
    if (due.at.getTime() > clock.now().getTime()) return;
    const at = clock.now();
    const startedMs = performance.now();
    try {
      await business.checkExpiry(accountId, { actor: 'system:clock' });
      await recordMemory(store, { accountId }, { ...due.memory, expiryCheckedAt: at }, actor, clock.now());
      tell(outcomes, { tokenId: null, accountId, task: 'account_expiry_check', at: at.toISOString(), status: 'done' }, startedMs);
    } catch (error) {
      tell(outcomes, { tokenId: null, accountId, task: 'account_expiry_check', at: at.toISOString(), status: 'error', error }, startedMs);
    }
  };

  let running: Promise<readonly ScheduledOutcome[]> | null = null;
  const runDue = (): Promise<readonly ScheduledOutcome[]> => {
    running ??= (async () => {
      const outcomes: ScheduledOutcome[] = [];
      for (const tokenId of await tokenIds()) {
        if (cancel.signal.aborted) break;
        await passFor(tokenId, outcomes);
      }
      for (const accountId of await accountIds()) {
        if (cancel.signal.aborted) break;
        await passForAccount(accountId, outcomes);
      }
      return outcomes;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  let timer: NodeJS.Timeout | null = null;
  let started = false;
  const tick = (): void => {
    timer = null;
    // a pass that throws (the store closed, say) is retried at the next tick; outcomes went to onOutcome
    void runDue()
      .catch(() => undefined)
      .then(() => {
        if (started) {
          timer = setTimeout(tick, checkEveryMs);
          timer.unref();
        }
      });
  };

  const planFor = async (tokenId: string): Promise<TokenPlan> => {
    const token = await depledger.tokens.state(tokenId);
    if (token.status !== 'active') {
      return { tokenId, skipped: 'token_not_active', nextSync: null, nextExpiryCheckAt: null, nextAssignmentRetryAt: null };
    }
    const due = dueTimes(await syncState(tokenId), policy, await memoryOf(tokenId), intervals);
    return {
      tokenId,
      skipped: null,
      nextSync: { kind: due.sync.kind, at: due.sync.at.toISOString() },
      nextExpiryCheckAt: due.expiryCheck.toISOString(),
      nextAssignmentRetryAt: due.assignmentRetry.toISOString(),
    };
  };

  return {
    runDue,
    async plan() {
      const plans: TokenPlan[] = [];
      for (const tokenId of await tokenIds()) plans.push(await planFor(tokenId));
      return plans;
    },
    planFor,
    tokens: tokenIds,
    async runDueAccounts() {
      const outcomes: ScheduledOutcome[] = [];
      for (const accountId of await accountIds()) {
        if (cancel.signal.aborted) break;
        await passForAccount(accountId, outcomes);
      }
      return outcomes;
    },
    async runDueFor(tokenId) {
      await running?.catch(() => undefined);
      const outcomes: ScheduledOutcome[] = [];
      if (!cancel.signal.aborted) await passFor(tokenId, outcomes);
      return outcomes;
    },
    async accountPlan() {
      const plans: BusinessAccountPlan[] = [];
      for (const accountId of await accountIds())
        plans.push({ accountId, nextExpiryCheckAt: (await accountCheckDue(accountId)).at.toISOString() });
      return plans;
    },
    start() {
      if (started) return;
      started = true;
      tick();
    },
    async stop(stopOptions = {}) {
      started = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (stopOptions.cancelRunning === true) cancel.abort();
      await running?.catch(() => undefined);
      if (cancel.signal.aborted) cancel = new AbortController();
    },
  };
};
