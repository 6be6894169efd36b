import type { Duration } from 'date-fns';

/**
 * The sync rules, as a policy object. Defaults are the 2016 Intune document's: a full sync at most
 * once every 7 days, 10 minutes for a run to finish, one run at a time. Current Intune uses 15
 * minutes per run and manual syncs at most every 15 minutes: `currentIntunePolicy`.
 */
export type SyncPolicy = Readonly<{
  /** A full run requested sooner than this after the last completed full run is downgraded to incremental. */
  fullSyncInterval: Duration;
  /** A run must finish within this; past it the run is aborted and recorded as timed out. */
  runDeadline: Duration;
  /** Manual runs at most this often (null: no limit beyond one run at a time). */
  manualSyncInterval: Duration | null;
  /** Apple refuses sync cursors older than 7 days: older ones start over with a fetch instead. */
  cursorMaxAge: Duration;
  /** How often a scheduler should run an incremental sync. */
  deltaSyncInterval: Duration;
}>;

export const intune2016Policy: SyncPolicy = {
  fullSyncInterval: { days: 7 },
  runDeadline: { minutes: 10 },
  manualSyncInterval: null,
  cursorMaxAge: { days: 7 },
  deltaSyncInterval: { hours: 24 },
};

export const currentIntunePolicy: SyncPolicy = {
  fullSyncInterval: { days: 7 },
  runDeadline: { minutes: 15 },
  manualSyncInterval: { minutes: 15 },
  cursorMaxAge: { days: 7 },
  deltaSyncInterval: { hours: 12 },
};

export const defaultSyncPolicy = intune2016Policy;
