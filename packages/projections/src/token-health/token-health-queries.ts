import { defaultSyncPolicy, syncStream, tokenExpiryWarningDays, tokenStream, type EventStore, type SyncPolicy } from '@depledger/core';
import { projectStreamsAsOf, type AsOf } from '../as-of/as-of';
import type { Lang } from '../labels/labels';
import { tokenHealthLabel, type TokenHealthCode } from '../labels/token-health-labels';
import { readModelOf } from '../read-model-store/read-model-reader';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { addDuration, calendarDaysUntil } from '../time/calendar';
import type { TokenHealthDoc } from './token-health-doc';
import { tokenHealthProjection } from './token-health-projection';

export type TokenHealthOptions = Readonly<{
  /** The time to judge expiry and the sync policy against. */
  now: Date;
  /** @defaultValue defaultSyncPolicy (a full sync at most every 7 days) */
  policy?: SyncPolicy;
  /** @defaultValue 'fr' */
  lang?: Lang;
}>;

export type TokenHealthView = TokenHealthDoc &
  Readonly<{
    health: TokenHealthCode;
    healthLabel: string;
    /** Calendar days until the token expires (negative once expired); null before upload. */
    daysLeft: number | null;
    /** The warning threshold crossed (30, 7 or 1 days), or null. */
    expiryWarning: number | null;
    /** When a full sync is allowed again (the policy's interval after the last full fetch); null: allowed now. */
    nextFullSyncAllowedAt: string | null;
  }>;

const warningFor = (daysLeft: number | null): number | null => {
  if (daysLeft === null || daysLeft < 0) return null;
  const crossed = tokenExpiryWarningDays.filter((t) => daysLeft <= t);
  return crossed.length > 0 ? Math.min(...crossed) : null;
};

const healthOf = (doc: TokenHealthDoc, now: Date, warning: number | null): TokenHealthCode => {
  if (doc.stage === 'removed') return 'removed';
  if (doc.rejectedSince !== null) return 'rejected';
  if (doc.expiresAt !== null && Date.parse(doc.expiresAt) <= now.getTime()) return 'expired';
  if (doc.termsNotSignedSince !== null) return 'terms_not_signed';
  if (warning !== null) return 'expiring';
  if (doc.stage !== 'active') return 'awaiting_upload';
  return 'ok';
};

export const viewTokenHealth = (doc: TokenHealthDoc, options: TokenHealthOptions): TokenHealthView => {
  const { now } = options;
  const daysLeft = doc.expiresAt === null ? null : calendarDaysUntil(doc.expiresAt, now);
  const expiryWarning = warningFor(daysLeft);
  const health = healthOf(doc, now, expiryWarning);
  const nextFull =
    doc.lastFullSyncAt === null ? null : addDuration(doc.lastFullSyncAt, (options.policy ?? defaultSyncPolicy).fullSyncInterval);
  return {
    ...doc,
    health,
    healthLabel: tokenHealthLabel(health, options.lang ?? 'fr'),
    daysLeft,
    expiryWarning,
    nextFullSyncAllowedAt: nextFull !== null && nextFull.getTime() > now.getTime() ? nextFull.toISOString() : null,
  };
};

/** One token's health at `now`, or null for a token depledger does not know. */
export const tokenHealth = async (
  readModels: ReadModelStore,
  tokenId: string,
  options: TokenHealthOptions,
): Promise<TokenHealthView | null> => {
  const doc = await (await readModelOf(readModels, tokenHealthProjection)).get(tokenId);
  return doc ? viewTokenHealth(doc, options) : null;
};

/** Every token's health at `now`, by token id. */
export const listTokenHealth = async (readModels: ReadModelStore, options: TokenHealthOptions): Promise<TokenHealthView[]> =>
  (await (await readModelOf(readModels, tokenHealthProjection)).all()).map((doc) => viewTokenHealth(doc, options));

/**
 * One token's health as it was at a moment, from the token's own stream and its sync stream only.
 * Expiry and the sync policy are judged at `now`, by default the moment asked about (for a time).
 */
export const tokenHealthAsOf = async (
  eventStore: EventStore,
  tokenId: string,
  at: AsOf,
  options: Partial<TokenHealthOptions> = {},
): Promise<TokenHealthView | null> => {
  const docs = await projectStreamsAsOf(eventStore, tokenHealthProjection, [tokenStream(tokenId), syncStream(tokenId)], at);
  const doc = docs.get(tokenId);
  if (!doc) return null;
  const now = options.now ?? ('time' in at ? new Date(at.time) : new Date(doc.updatedAt));
  return viewTokenHealth(doc, { ...options, now });
};
