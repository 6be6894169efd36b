import { createHash } from 'node:crypto';
import { ValidationError } from '../errors';
import { systemClock, type Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import { parseTenantId, type TenantId } from '../tenancy/tenant-id';
import { createFleetDirectory } from './fleet-directory';
import {
  createSyncScheduler,
  type SchedulableDepledger,
  type ScheduledOutcome,
  type SyncScheduler,
  type SyncSchedulerOptions,
  type TokenPlan,
} from './sync-scheduler';

/** What the fleet scheduler did for one token of one tenant. */
export type FleetOutcome = ScheduledOutcome & Readonly<{ tenant: TenantId }>;

/** Where a token stands in this node's queue. */
export type FleetEntry = Readonly<{
  tenant: TenantId;
  tokenId: string;
  /** When its next work is due (the earliest of its sync, expiry check and assignment retries). */
  dueAt: string;
  /** When this node takes it: `dueAt`, later by a standby delay per node ranked before this one for the token. */
  takenAt: string;
  /** 0: this node is the token's first choice; 1: it takes over when the first choice has not, after one standby delay; … */
  rank: number;
}>;

export type FleetSchedulerOptions = Readonly<
  {
    /** The organisations to keep in sync, looked up again every `discoverEveryMs`. */
    tenants: () => readonly TenantId[] | Promise<readonly TenantId[]>;
    /** Each tenant's depledger, e.g. `(tenant) => operator.forTenant(tenant)`: asked once per tenant, then kept. */
    depledgerOf: (tenant: TenantId) => SchedulableDepledger;
    /**
     * The store the tenants share, as opened (not a tenant's view of it). Given, every tenant's tokens
     * and Business API accounts are looked up in one read of what was appended since the last look-up;
     * left out, each tenant reads its own — the same new events once per tenant, which a store with
     * thousands of tenants should not pay.
     */
    store?: EventStore;
    /** Tokens worked on at once on this node (each holds a sync run's Apple calls). @defaultValue 8 */
    concurrency?: number;
    /** Of those, at most this many of one tenant: a tenant with thousands of tokens, or whose runs hang, never takes every slot. @defaultValue 2 */
    perTenant?: number;
    /**
     * This node among the nodes running a fleet scheduler on the same store (`index` from 0 to `count`
     * − 1, e.g. a StatefulSet's ordinal). Each token has an order of nodes (rendezvous hashing): its
     * first node takes it when due, the next one `standbyMs` later if it is still due (the first node
     * is gone or busy), and so on — so nodes rarely race for a token, and a dead node delays its tokens
     * by one standby delay, never blocks them. A wrong count costs refusals, never a double run (the
     * run lease). @defaultValue `{ index: 0, count: 1 }`
     */
    node?: Readonly<{ index: number; count: number }>;
    /** See `node`. @defaultValue 120000 (2 minutes) */
    standbyMs?: number;
    /** How often tenants and their tokens are looked up again (new tokens, removed ones). @defaultValue 300000 (5 minutes) */
    discoverEveryMs?: number;
    /** Told of everything done, as it happens, with the tenant. */
    onOutcome?: (outcome: FleetOutcome) => void;
    /** The clock the queue is ordered by. @defaultValue the system clock */
    clock?: Clock;
    /** The longest `start()` sleeps before looking at the queue again, in ms. @defaultValue 60000 */
    checkEveryMs?: number;
  } & Pick<SyncSchedulerOptions, 'actor' | 'expiryCheckInterval' | 'assignmentRetryInterval' | 'failureBackoff' | 'serde'>
>;

export type FleetScheduler = Readonly<{
  /**
   * Works through every token due now, `concurrency` at a time and at most `perTenant` of a tenant,
   * earliest due first; resolves when nothing taken by this node is due any more and nothing is in
   * flight. For tests and cron.
   */
  runDue(): Promise<readonly FleetOutcome[]>;
  /** This node's queue, earliest first (looked up when never discovered yet). */
  plan(): Promise<readonly FleetEntry[]>;
  /** Works as tokens fall due, until `stop()`. The timers never keep the process alive. */
  start(): void;
  /** Stops taking work and waits for what is in flight; `cancelRunning` cancels the sync runs in flight (see SyncScheduler.stop). */
  stop(options?: Readonly<{ cancelRunning?: boolean }>): Promise<void>;
}>;

type Queued = {
  tenant: TenantId;
  tokenId: string;
  dueMs: number;
  /** When its sync falls due (its due time may be an expiry check's or retries', earlier). */
  syncMs: number;
  takenMs: number;
  rank: number;
  task: 'full_sync' | 'delta_sync';
};

const keyOf = (tenant: TenantId, tokenId: string): string => `${tenant}\u0000${tokenId}`;

/** This node's place in the token's order of nodes: 0 when it comes first. */
export const rankOfNode = (node: Readonly<{ index: number; count: number }>, tenant: TenantId, tokenId: string): number => {
  const score = (index: number) => createHash('sha256').update(`${index}\u0000${tenant}\u0000${tokenId}`).digest().readUInt32BE(0);
  const own = score(node.index);
  let rank = 0;
  for (let other = 0; other < node.count; other++) {
    if (other === node.index) continue;
    const theirs = score(other);
    if (theirs > own || (theirs === own && other < node.index)) rank++;
  }
  return rank;
};

const wholeNumber = (issues: { path: string; message: string }[], path: string, value: number | undefined, min: number): void => {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min))
    issues.push({ path, message: `must be a whole number, ${min} or more (got ${String(value)})` });
};

/**
 * Keeps every token of every tenant in sync from one queue, fairly: the earliest due first, a
 * bounded number at once, and never more than `perTenant` of one organisation — so one tenant's many
 * tokens, or a tenant whose Apple calls hang or fail, cannot hold back the others. Each token's work
 * is what `createSyncScheduler` does for it (the same memory in the store, the same backoff after
 * failures, the same run leases), so fleet and per-tenant schedulers can take turns on one store.
 */
export const createFleetScheduler = (options: FleetSchedulerOptions): FleetScheduler => {
  const issues: { path: string; message: string }[] = [];
  const concurrency = options.concurrency ?? 8;
  const perTenant = options.perTenant ?? 2;
  const node = options.node ?? { index: 0, count: 1 };
  const standbyMs = options.standbyMs ?? 120_000;
  const discoverEveryMs = options.discoverEveryMs ?? 300_000;
  const checkEveryMs = options.checkEveryMs ?? 60_000;
  wholeNumber(issues, 'concurrency', concurrency, 1);
  wholeNumber(issues, 'perTenant', perTenant, 1);
  wholeNumber(issues, 'node.count', node.count, 1);
  wholeNumber(issues, 'node.index', node.index, 0);
  if (Number.isSafeInteger(node.index) && Number.isSafeInteger(node.count) && node.index >= node.count)
    issues.push({ path: 'node.index', message: `must be below node.count (${node.count}), counting from 0` });
  wholeNumber(issues, 'standbyMs', standbyMs, 0);
  wholeNumber(issues, 'discoverEveryMs', discoverEveryMs, 1);
  wholeNumber(issues, 'checkEveryMs', checkEveryMs, 1);
  if (typeof options.tenants !== 'function') issues.push({ path: 'tenants', message: 'must be a function giving the tenant ids' });
  if (typeof options.depledgerOf !== 'function')
    issues.push({ path: 'depledgerOf', message: "must be a function giving a tenant's depledger" });
  if (
    options.store !== undefined &&
    (typeof options.store !== 'object' || options.store === null || typeof options.store.readAll !== 'function')
  )
    issues.push({ path: 'store', message: 'must be the event store the tenants share' });
  if (issues.length > 0) throw new ValidationError('fleet scheduler options', issues);

  const clock = options.clock ?? systemClock;
  const schedulers = new Map<TenantId, SyncScheduler>();
  const queue = new Map<string, Queued>();
  /** When this node first saw each token (see `enqueue`). */
  const firstSeen = new Map<string, number>();
  /**
   * Tokens this node synced in place of the nodes before it in their order (gone, or too busy): it
   * takes them when due, not a standby delay later, until another node is seen syncing them again —
   * so a dead node's tokens keep their interval instead of slipping a standby delay every time.
   */
  const adopted = new Set<string>();
  const inFlight = new Map<string, Promise<void>>();
  const busyByTenant = new Map<TenantId, number>();
  let discoveredAtMs: number | null = null;
  let stopping = false;
  const directory = options.store === undefined ? null : createFleetDirectory(options.store);

  const schedulerOf = (tenant: TenantId): SyncScheduler => {
    let scheduler = schedulers.get(tenant);
    if (scheduler === undefined) {
      scheduler = createSyncScheduler(options.depledgerOf(tenant), {
        ...(options.actor === undefined ? {} : { actor: options.actor }),
        ...(options.expiryCheckInterval === undefined ? {} : { expiryCheckInterval: options.expiryCheckInterval }),
        ...(options.assignmentRetryInterval === undefined ? {} : { assignmentRetryInterval: options.assignmentRetryInterval }),
        ...(options.failureBackoff === undefined ? {} : { failureBackoff: options.failureBackoff }),
        ...(options.serde === undefined ? {} : { serde: options.serde }),
        // the fleet's one look-up (made at the start of each discovery) answers for every tenant
        ...(directory === null
          ? {}
          : { tokens: async () => directory.tokensOf(tenant), businessAccounts: async () => directory.accountsOf(tenant) }),
      });
      schedulers.set(tenant, scheduler);
    }
    return scheduler;
  };

  /** Puts the token in the queue at its next due time, or out of it when it is not active. */
  const replan = async (tenant: TenantId, tokenId: string): Promise<void> => enqueue(tenant, await schedulerOf(tenant).planFor(tokenId));

  const enqueue = (tenant: TenantId, plan: TokenPlan): void => {
    const { tokenId } = plan;
    const key = keyOf(tenant, tokenId);
    if (plan.skipped !== null || plan.nextSync === null) {
      queue.delete(key);
      return;
    }
    const dueMs = Math.min(
      Date.parse(plan.nextSync.at),
      Date.parse(plan.nextExpiryCheckAt ?? plan.nextSync.at),
      Date.parse(plan.nextAssignmentRetryAt ?? plan.nextSync.at),
    );
    const rank = rankOfNode(node, tenant, tokenId);
    // a node after the first waits its standby delays from when the token fell due, or from when this
    // node first saw it due (a token never synced is due since 1970: its first node gets the same head start)
    const seenMs = firstSeen.get(key) ?? clock.now().getTime();
    firstSeen.set(key, seenMs);
    const takenMs = rank === 0 || adopted.has(key) ? dueMs : Math.max(dueMs, seenMs) + rank * standbyMs;
    const task = plan.nextSync.kind === 'full' ? 'full_sync' : 'delta_sync';
    queue.set(key, { tenant, tokenId, dueMs, syncMs: Date.parse(plan.nextSync.at), rank, takenMs, task });
  };

  /** Every tenant's tokens, planned; tokens and tenants gone since are dropped. Business API accounts' expiry checks, when due, on the way. */
  const discover = async (outcomes: FleetOutcome[]): Promise<void> => {
    const seen = new Set<string>();
    const tenants = await options.tenants();
    await directory?.lookUp();
    for (const raw of tenants) {
      const tenant = parseTenantId(raw);
      const scheduler = schedulerOf(tenant);
      for (const outcome of await scheduler.runDueAccounts()) tell(outcomes, { ...outcome, tenant });
      // only the tokens not queued yet are planned (new ones, and those left alone as not active): a queued
      // token is planned again after each of its passes here, and one another node worked on meanwhile
      // costs one look when its time comes — not a look per token of the fleet at every look-up
      for (const tokenId of await scheduler.tokens()) {
        const key = keyOf(tenant, tokenId);
        seen.add(key);
        if (!inFlight.has(key) && !queue.has(key)) enqueue(tenant, await scheduler.planFor(tokenId));
      }
    }
    for (const key of [...queue.keys()])
      if (!seen.has(key)) {
        queue.delete(key);
        firstSeen.delete(key);
        adopted.delete(key);
      }
    discoveredAtMs = clock.now().getTime();
  };

  const discoverIfDue = async (outcomes: FleetOutcome[]): Promise<void> => {
    if (discoveredAtMs === null || clock.now().getTime() - discoveredAtMs >= discoverEveryMs) await discover(outcomes);
  };

  const tell = (outcomes: FleetOutcome[], outcome: FleetOutcome): void => {
    outcomes.push(outcome);
    try {
      options.onOutcome?.(outcome);
    } catch {
      // a listener's failure is its own
    }
  };

  /** The next token this node may take now: the earliest taken-at among tokens whose tenant has a slot left. */
  const nextEligible = (nowMs: number): Queued | undefined => {
    let best: Queued | undefined;
    for (const [key, entry] of queue) {
      if (entry.takenMs > nowMs || inFlight.has(key)) continue;
      if ((busyByTenant.get(entry.tenant) ?? 0) >= perTenant) continue;
      if (best === undefined || entry.takenMs < best.takenMs || (entry.takenMs === best.takenMs && entry.dueMs < best.dueMs)) best = entry;
    }
    return best;
  };

  const work = (entry: Queued, outcomes: FleetOutcome[]): Promise<void> => {
    const key = keyOf(entry.tenant, entry.tokenId);
    busyByTenant.set(entry.tenant, (busyByTenant.get(entry.tenant) ?? 0) + 1);
    const done = (async () => {
      try {
        const startedMs = clock.now().getTime();
        const done = await schedulerOf(entry.tenant).runDueFor(entry.tokenId);
        for (const outcome of done) tell(outcomes, { ...outcome, tenant: entry.tenant });
        if (entry.rank > 0) keepOrLeave(key, entry, startedMs, done);
      } catch (error) {
        // the token's pass itself threw (its store, say): told as an error, and the token asked again after a standby delay
        tell(outcomes, {
          tenant: entry.tenant,
          tokenId: entry.tokenId,
          task: entry.task,
          at: clock.now().toISOString(),
          durationMs: 0,
          status: 'error',
          error,
        });
        queue.set(key, { ...entry, takenMs: clock.now().getTime() + Math.max(standbyMs, 1000) });
        return;
      } finally {
        busyByTenant.set(entry.tenant, (busyByTenant.get(entry.tenant) ?? 1) - 1);
      }
      await replan(entry.tenant, entry.tokenId).catch(() => {
        queue.set(key, { ...entry, takenMs: clock.now().getTime() + Math.max(standbyMs, 1000) });
      });
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, done);
    return done;
  };

  /** After a pass on a token this node comes after others for: adopt it when this node synced it, leave it when another did. */
  const keepOrLeave = (key: string, entry: Queued, startedMs: number, done: readonly ScheduledOutcome[]): void => {
    const syncs = done.filter((o) => o.task === 'full_sync' || o.task === 'delta_sync');
    if (syncs.some((o) => o.status === 'done')) adopted.add(key);
    // its sync was due and another node ran it first, or is running it now
    else if ((syncs.length === 0 && entry.syncMs <= startedMs) || syncs.some((o) => o.status === 'refused')) adopted.delete(key);
  };

  /** Starts what may start now, up to the limits; true when anything started. */
  const fill = (outcomes: FleetOutcome[]): boolean => {
    let started = false;
    while (!stopping && inFlight.size < concurrency) {
      const entry = nextEligible(clock.now().getTime());
      if (entry === undefined) break;
      void work(entry, outcomes);
      started = true;
    }
    return started;
  };

  const runDue = async (): Promise<readonly FleetOutcome[]> => {
    const outcomes: FleetOutcome[] = [];
    await discoverIfDue(outcomes);
    fill(outcomes);
    while (inFlight.size > 0) {
      await Promise.race(inFlight.values());
      fill(outcomes);
    }
    return outcomes;
  };

  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  const run = async (): Promise<void> => {
    const outcomes: FleetOutcome[] = [];
    while (!stopping) {
      try {
        await discoverIfDue(outcomes);
      } catch {
        // a failed look-up (the store down, say) is tried again at the next wake
      }
      fill(outcomes);
      outcomes.length = 0;
      const nowMs = clock.now().getTime();
      let nextMs = nowMs + checkEveryMs;
      for (const entry of queue.values()) if (entry.takenMs < nextMs) nextMs = entry.takenMs;
      if (discoveredAtMs !== null) nextMs = Math.min(nextMs, discoveredAtMs + discoverEveryMs);
      const waits: Promise<void>[] = [sleep(Math.max(0, Math.min(checkEveryMs, nextMs - nowMs)))];
      if (inFlight.size > 0) waits.push(Promise.race(inFlight.values()).then(() => wake?.()));
      await Promise.race(waits);
    }
  };

  return {
    runDue,
    async plan() {
      if (discoveredAtMs === null) await discover([]);
      return [...queue.values()]
        .sort((a, b) => a.takenMs - b.takenMs || a.dueMs - b.dueMs)
        .map((e) => ({
          tenant: e.tenant,
          tokenId: e.tokenId,
          dueAt: new Date(e.dueMs).toISOString(),
          takenAt: new Date(e.takenMs).toISOString(),
          rank: e.rank,
        }));
    },
    start() {
      if (loop !== null) return;
      stopping = false;
      loop = run();
    },
    async stop(stopOptions = {}) {
      stopping = true;
      wake?.();
      if (stopOptions.cancelRunning === true) await Promise.all([...schedulers.values()].map((s) => s.stop({ cancelRunning: true })));
      await Promise.all(inFlight.values());
      await loop;
      loop = null;
    },
  };
};
