import type { Clock } from '../ports/clock';
import type { RunLeaseStore } from '../ports/run-leases';
import { waitUnlessAborted } from './retry-backoff';

/** What a consumer that delivers on one node at a time is told (`ConsumeOptions.lease`). */
export type ConsumerLeaseOptions = Readonly<{
  /** This process's name for itself, different on every node (a random id per server is enough). */
  holder: string;
  /** How long a lease lasts without renewal: how soon another node takes over from one that died. @defaultValue 10000 */
  ttlMs?: number;
  /** Where the lease is kept. @defaultValue the store's own run leases (`createDepledger`'s `runLeases`) */
  leases?: RunLeaseStore;
}>;

/** The lease's key among the run leases (which are keyed by token): never a token id, which has no colon. */
export const consumerLeaseKey = (name: string): string => `consumer:${name}`;

/** A held lease: `lost` is aborted when another node took it over (or the renewals kept failing until it lapsed). */
export type HeldConsumerLease = Readonly<{ lost: AbortSignal; release(): Promise<void> }>;

/**
 * Waits until this node holds the consumer's lease (or `stop` aborts: then null), then keeps it
 * renewed — every third of its life — until released. Of several nodes running the same consumer,
 * one delivers and the others wait; when the one delivering dies, its lease lapses after `ttlMs`
 * and another takes over from the stored checkpoint.
 */
export const holdConsumerLease = async (
  name: string,
  options: ConsumerLeaseOptions & Readonly<{ leases: RunLeaseStore }>,
  clock: Clock,
  stop: AbortSignal,
): Promise<HeldConsumerLease | null> => {
  const { leases, holder } = options;
  const ttlMs = options.ttlMs ?? 10_000;
  const tokenId = consumerLeaseKey(name);
  const lease = () => ({ tokenId, runId: holder, expiresAt: new Date(clock.now().getTime() + ttlMs).toISOString() });
  for (;;) {
    if (stop.aborted) return null;
    let acquired = false;
    try {
      acquired = (await leases.acquire(lease(), clock.now())).acquired;
    } catch {
      // the store was busy or away: look again after the wait
    }
    if (acquired) break;
    if (!(await waitUnlessAborted(Math.max(1, Math.floor(ttlMs / 3)), stop))) return null;
  }
  const lost = new AbortController();
  let heldUntil = clock.now().getTime() + ttlMs;
  const renew = async () => {
    try {
      const next = lease();
      if (await leases.renew(next)) heldUntil = Date.parse(next.expiresAt);
      else lost.abort();
    } catch {
      // kept until it lapses: the next renewal tries again
      if (clock.now().getTime() >= heldUntil) lost.abort();
    }
  };
  let renewing: Promise<void> | null = null;
  const timer = setInterval(
    () => {
      renewing ??= renew().finally(() => (renewing = null));
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  // the consumer keeps the process alive; its lease alone must not
  timer.unref();
  return {
    lost: lost.signal,
    release: async () => {
      clearInterval(timer);
      await renewing;
      if (!lost.signal.aborted) await leases.release(tokenId, holder).catch(() => undefined);
    },
  };
};
