import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { tokenExpiryWarningDays } from '../token/token-policy';
import type { BusinessAccountState } from './business-account-decider';

/** An API account's health at a moment, judged as a server token's: refused, expired, expiring (a warning threshold crossed) or ok. */
export type BusinessAccountHealth = Readonly<{
  accountId: string;
  clientId: string;
  keyId: string;
  health: 'ok' | 'expiring' | 'expired' | 'refused';
  /** When the credentials expire, if the administrator gave it at connect; null otherwise. */
  expiresAt: string | null;
  /** Calendar days until they expire (negative once expired); null when the expiry is not known. */
  daysLeft: number | null;
  /** The warning threshold crossed (30, 7 or 1 days), or null. */
  expiryWarning: number | null;
  refusedCode: string | null;
}>;

/** The health of a connected (or refused) account at `now`. */
export const businessAccountHealth = (state: Extract<BusinessAccountState, { accountId: string }>, now: Date): BusinessAccountHealth => {
  const daysLeft = state.expiresAt === null ? null : differenceInCalendarDays(new Date(state.expiresAt), now);
  const crossed = daysLeft === null || daysLeft < 0 ? [] : tokenExpiryWarningDays.filter((t) => daysLeft <= t);
  const expiryWarning = crossed.length > 0 ? Math.min(...crossed) : null;
  const expired = state.expiresAt !== null && Date.parse(state.expiresAt) <= now.getTime();
  return {
    accountId: state.accountId,
    clientId: state.clientId,
    keyId: state.keyId,
    health: state.status === 'refused' ? 'refused' : expired ? 'expired' : expiryWarning !== null ? 'expiring' : 'ok',
    expiresAt: state.expiresAt,
    daysLeft,
    expiryWarning,
    refusedCode: state.refusedCode,
  };
};
