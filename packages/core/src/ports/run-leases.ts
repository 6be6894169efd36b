/**
 * A sync run's claim on its token, kept outside the event log. A live run renews it while it
 * works (even while it waits on a slow call to Apple); a run that dies stops renewing, and once
 * `expiresAt` passes the next run may take the token over. Times are ISO strings of the clock of
 * the process that wrote them: nodes sharing a store need clocks in step to within the lease.
 */
export type RunLease = Readonly<{ tokenId: string; runId: string; expiresAt: string }>;

/**
 * A lease as the store records it: with its epoch, the number of the acquisition that made it. Each
 * time a run takes a token's lease from another run (or takes a free one) the epoch grows by one; a
 * run renewing its own lease keeps it. Epochs never go back, even across releases.
 */
export type RecordedRunLease = RunLease & Readonly<{ epoch: number }>;

/**
 * What a run's writes carry to prove it still holds its token's lease: the token and the epoch its
 * acquisition got. A store that keeps run leases checks it inside the append (see `AppendOptions`)
 * and refuses the write with `SYNC_RUN_LEASE_LOST`, writing nothing, once another run took the
 * token over (a later epoch) or the lease was released.
 */
export type RunFence = Readonly<{ tokenId: string; epoch: number }>;

/**
 * What an attempt to take a token's lease found: the lease (and, when it replaced a lease that
 * lapsed without being released, that lease — the run that held it died), or the live lease of
 * another run.
 */
export type LeaseAcquisition =
  Readonly<{ acquired: true; epoch: number; lapsed: RecordedRunLease | null }> | Readonly<{ acquired: false; holder: RecordedRunLease }>;

/**
 * Where run leases live, one per token, in each store's own way: a table of the SQLite file or of
 * the PostgreSQL schema, a stream written with expected revisions in EventStoreDB, a map in memory.
 * Every method is atomic against every other process sharing the store.
 */
export interface RunLeaseStore {
  /**
   * Takes the token's lease for `lease.runId` until `lease.expiresAt`, when no live lease of another
   * run holds it (a lease is live while its expiry is after `now`). Taking a lease the run already
   * holds renews it and keeps its epoch; any other acquisition gets the next epoch.
   */
  acquire(lease: RunLease, now: Date): Promise<LeaseAcquisition>;
  /** Moves the run's lease to `lease.expiresAt`; false when the run no longer holds it (another run took it over). */
  renew(lease: RunLease): Promise<boolean>;
  /** Gives the lease up if the run holds it (a finished run); the token's epoch is kept. */
  release(tokenId: string, runId: string): Promise<void>;
  /** The token's lease, live or lapsed, or null when none is held. */
  current(tokenId: string): Promise<RecordedRunLease | null>;
}
