import { draft, type Command, type Decider } from '../handling/decider';
import type { BusinessAccountEvent } from './business-events';

export type ConnectBusinessAccount = Command<
  'ConnectBusinessAccount',
  { accountId: string; clientId: string; keyId: string; scope: 'business.api' | 'school.api'; privateKeyRef: string }
>;
export type RecordBusinessAccountRefusal = Command<
  'RecordBusinessAccountRefusal',
  { accountId: string; code: string; httpStatus: number | null }
>;
export type BusinessAccountCommand = ConnectBusinessAccount | RecordBusinessAccountRefusal;

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
    }>;

/** An API account: connected (again, with a new key), or refused by Apple until connected again. */
export const businessAccountDecider: Decider<BusinessAccountState, BusinessAccountCommand, BusinessAccountEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'ConnectBusinessAccount':
        return [draft<BusinessAccountEvent>('BusinessAccountConnected', command.data)];
      case 'RecordBusinessAccountRefusal':
        if (state.status !== 'connected') return [];
        return [draft<BusinessAccountEvent>('BusinessAccountRefused', command.data)];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'BusinessAccountConnected':
        return { status: 'connected', ...event.data, refusedCode: null };
      case 'BusinessAccountRefused':
        return state.status === 'none' ? state : { ...state, status: 'refused', refusedCode: event.data.code };
    }
  },
};
