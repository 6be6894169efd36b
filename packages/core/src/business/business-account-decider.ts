import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { draft, type Command, type Decider } from '../handling/decider';
import { tokenExpiryWarningDays } from '../token/token-policy';
import type { BusinessAccountEvent } from './business-events';

export type ConnectBusinessAccount = Command<
  'ConnectBusinessAccount',
  {
    accountId: string;
    clientId: string;
    keyId: string;
    scope: 'business.api' | 'school.api';
    privateKeyRef: string;
    expiresAt?: string | null;
  }
>;
export type RecordBusinessAccountRefusal = Command<
  'RecordBusinessAccountRefusal',
  { accountId: string; code: string; httpStatus: number | null }
>;
/** Warns once per threshold (30, 7, 1 days, as for a server token) and once at expiry; the time is the command's. */
export type CheckBusinessAccountExpiry = Command<'CheckBusinessAccountExpiry', { accountId: string }>;
export type BusinessAccountCommand = ConnectBusinessAccount | RecordBusinessAccountRefusal | CheckBusinessAccountExpiry;

export type BusinessAccountState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: 'connected' | 'refused';
      accountId: string;
      clientId: string;
      keyId: string;
      scope: string;
      privateKeyRef: string;
      refusedCode: string | null;
      /** When the credentials expire, if the administrator gave it; null otherwise. */
      expiresAt: string | null;
      /** The warning thresholds already recorded for these credentials. */
      warnedThresholds: readonly number[];
      expired: boolean;
    }>;

const expiry = (state: Extract<BusinessAccountState, { accountId: string }>, now: Date) => {
  if (state.expiresAt === null) return [];
  const expiresAt = new Date(state.expiresAt);
  if (expiresAt.getTime() <= now.getTime())
    return state.expired
      ? []
      : [draft<BusinessAccountEvent>('BusinessAccountExpired', { accountId: state.accountId, expiredAt: state.expiresAt })];
  const daysLeft = differenceInCalendarDays(expiresAt, now);
  const crossed = tokenExpiryWarningDays.filter((t) => daysLeft <= t && !state.warnedThresholds.includes(t));
  const threshold = crossed[crossed.length - 1];
  return threshold === undefined
    ? []
    : [
        draft<BusinessAccountEvent>('BusinessAccountExpiring', {
          accountId: state.accountId,
          expiresAt: state.expiresAt,
          threshold,
          daysLeft,
        }),
      ];
};

/** An API account: connected (again, with a new key), refused by Apple until connected again, its credentials' expiry warned. */
export const businessAccountDecider: Decider<BusinessAccountState, BusinessAccountCommand, BusinessAccountEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'ConnectBusinessAccount':
        return [draft<BusinessAccountEvent>('BusinessAccountConnected', command.data)];
      case 'RecordBusinessAccountRefusal':
        if (state.status !== 'connected') return [];
        return [draft<BusinessAccountEvent>('BusinessAccountRefused', command.data)];
      case 'CheckBusinessAccountExpiry':
        return state.status === 'none' ? [] : expiry(state, command.metadata.now);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'BusinessAccountConnected': {
        const { expiresAt, ...data } = event.data;
        return { status: 'connected', ...data, refusedCode: null, expiresAt: expiresAt ?? null, warnedThresholds: [], expired: false };
      }
      case 'BusinessAccountRefused':
        return state.status === 'none' ? state : { ...state, status: 'refused', refusedCode: event.data.code };
      case 'BusinessAccountExpiring':
        return state.status === 'none'
          ? state
          : {
              ...state,
              warnedThresholds: [
                ...state.warnedThresholds,
                ...tokenExpiryWarningDays.filter((t) => t >= event.data.threshold && !state.warnedThresholds.includes(t)),
              ],
            };
      case 'BusinessAccountExpired':
        return state.status === 'none' ? state : { ...state, expired: true };
    }
  },
};
