/**
 * What one organisation's depledger did, counted from its events: sync runs by outcome, why runs
 * failed, how many pages of Apple's feed were fetched, and the profile assignments Apple answered.
 * One document per tenant (each tenant's read models are its own), under the key `activity`.
 */
export type TenantActivityDoc = Readonly<{
  syncs: Readonly<{
    /** Runs started (a refused request starts none). */
    started: number;
    completed: number;
    failed: number;
    timedOut: number;
    abandoned: number;
    refused: number;
  }>;
  /** Failed runs by their error code (`GATEWAY_UNAVAILABLE`, `TERMS_NOT_SIGNED`, …). */
  failuresByCode: Readonly<Record<string, number>>;
  /** Pages of Apple's device feed fetched and recorded: one call to Apple each. */
  applePagesFetched: number;
  /** Device records those pages held. */
  appleRecordsReceived: number;
  /** Profile assignments Apple answered, by answer. */
  assignments: Readonly<{ succeeded: number; failed: number; throttled: number }>;
  lastCompletedAt: string | null;
  lastFailedAt: string | null;
  updatedAt: string;
}>;

export const tenantActivityKey = 'activity';

/** The activity of a tenant that did nothing yet. */
export const noActivity = (at: string | null): Omit<TenantActivityDoc, 'updatedAt'> & { updatedAt: string | null } => ({
  syncs: { started: 0, completed: 0, failed: 0, timedOut: 0, abandoned: 0, refused: 0 },
  failuresByCode: {},
  applePagesFetched: 0,
  appleRecordsReceived: 0,
  assignments: { succeeded: 0, failed: 0, throttled: 0 },
  lastCompletedAt: null,
  lastFailedAt: null,
  updatedAt: at,
});
