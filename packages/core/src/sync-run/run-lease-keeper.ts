import type { RunFence, RunLeaseStore } from '../ports/run-leases';
import type { RunLeaseStanding } from '../sync/sync-commands';
import type { TokenWork } from './engine-context';

/** How long a run's lease lasts without renewal, and how often a live run renews it. */
export type RunLeaseTiming = Readonly<{ ttlMs: number; renewEveryMs: number }>;

/** A run lease by default: a dead run frees its token within 20 s; a live one renews every 5 s. */
export const defaultRunLeaseTiming: RunLeaseTiming = { ttlMs: 20_000, renewEveryMs: 5_000 };

export class RunLeaseLost extends Error {
  constructor(readonly runId: string) {
    super(`Sync run ${runId} lost its run lease: another run took the token over.`);
    this.name = 'RunLeaseLost';
  }
}

/** A run's hold on its token while it works: renewed on a timer, whatever the run is waiting on. */
export type HeldRunLease = Readonly<{
  /** The token and the epoch of this acquisition: the run's writes carry it (see `fencedStore`). */
  fence: RunFence;
  /** Fires when the lease was lost (another run took the token over while this one stalled). */
  signal: AbortSignal;
  lost(): boolean;
  /**
   * Before a step that writes: when less than one renewal interval of the lease is left (the renewals
   * fell behind: a stalled process, a busy store), renews it now, so a run never writes on a lease
   * that may have lapsed. Throws RunLeaseLost when another run holds it.
   */
  ensure(): Promise<void>;
  /** Stops renewing and gives the lease up. Never throws: a lease that cannot be released lapses. */
  release(): Promise<void>;
}>;

export type LeaseAttempt = Readonly<{ standing: RunLeaseStanding; held: HeldRunLease | null }>;

const expiresAt = (work: TokenWork, timing: RunLeaseTiming): string => new Date(work.clock.now().getTime() + timing.ttlMs).toISOString();

/**
 * Takes the token's run lease for `runId` and, when it is taken, keeps renewing it until released.
 * The renewal runs on its own timer, so a run waiting minutes on Apple keeps its lease; a renewal
 * that finds another run holding the lease fires `signal`.
 */
export const takeRunLease = async (
  work: TokenWork,
  leases: RunLeaseStore,
  runId: string,
  timing: RunLeaseTiming,
): Promise<LeaseAttempt> => {
  const tokenId = work.tokenId;
  const firstUntil = expiresAt(work, timing);
  const attempt = await leases.acquire({ tokenId, runId, expiresAt: firstUntil }, work.clock.now());
  if (!attempt.acquired)
    return { standing: { held: false, holder: { runId: attempt.holder.runId, expiresAt: attempt.holder.expiresAt } }, held: null };
  const controller = new AbortController();
  let renewing: Promise<void> | null = null;
  let released = false;
  let heldUntil = Date.parse(firstUntil);
  const renew = async (): Promise<void> => {
    try {
      const until = expiresAt(work, timing);
      const kept = await leases.renew({ tokenId, runId, expiresAt: until });
      if (kept) heldUntil = Date.parse(until);
      else if (!released) controller.abort(new RunLeaseLost(runId));
    } catch {
      // the store was busy or away: the next renewal tries again, and the lease lasts until then
    }
  };
  const timer = setInterval(
    () => {
      if (renewing === null) renewing = renew().finally(() => (renewing = null));
    },
    Math.max(1, timing.renewEveryMs),
  );
  // the run itself keeps the process alive; the lease alone must not
  timer.unref();
  const lapsed = attempt.lapsed === null ? null : { runId: attempt.lapsed.runId, expiresAt: attempt.lapsed.expiresAt };
  return {
    standing: { held: true, lapsed },
    held: {
      fence: { tokenId, epoch: attempt.epoch },
      signal: controller.signal,
      lost: () => controller.signal.aborted,
      async ensure() {
        if (heldUntil - work.clock.now().getTime() <= timing.renewEveryMs) {
          renewing ??= renew().finally(() => (renewing = null));
          await renewing;
        }
        if (controller.signal.aborted) throw new RunLeaseLost(runId);
      },
      async release() {
        released = true;
        clearInterval(timer);
        await renewing;
        if (controller.signal.aborted) return;
        await leases.release(tokenId, runId).catch(() => undefined);
      },
    },
  };
};
