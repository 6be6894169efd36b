import { RuleViolation } from '../errors/rule-violation';
import { draft, type Command, type Decider } from '../handling/decider';
import type { DeviceRemovalEvent, DeviceRemovalRequested } from './business-events';

export type RequestDeviceRemoval = Command<'RequestDeviceRemoval', DeviceRemovalRequested['data']>;
export type CompleteDeviceRemoval = Command<
  'CompleteDeviceRemoval',
  {
    removalId: string;
    removed: readonly string[];
    failed: readonly string[];
    activities: ReadonlyArray<{ activityId: string; status: string; subStatus: string | null }>;
  }
>;
export type DeviceRemovalCommand = RequestDeviceRemoval | CompleteDeviceRemoval;

export type DeviceRemovalState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: 'in_progress' | 'completed';
      request: DeviceRemovalRequested['data'];
      removed: readonly string[];
      failed: readonly string[];
    }>;

/**
 * Unassignment from an MDM server, or release from the organisation, as a process: requested
 * (Apple's activities started) → completed, with a result per device. Same shape as an assignment.
 */
export const deviceRemovalDecider: Decider<DeviceRemovalState, DeviceRemovalCommand, DeviceRemovalEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'RequestDeviceRemoval':
        if (state.status !== 'none')
          throw new RuleViolation('BUSINESS_REMOVAL_EXISTS', `Removal ${command.data.removalId} exists already: choose another id.`, {
            removalId: command.data.removalId,
          });
        return [draft<DeviceRemovalEvent>('DeviceRemovalRequested', command.data)];
      case 'CompleteDeviceRemoval':
        if (state.status !== 'in_progress') return [];
        return [
          draft<DeviceRemovalEvent>('DeviceRemovalCompleted', {
            removalId: command.data.removalId,
            removed: [...command.data.removed],
            failed: [...command.data.failed],
            activities: command.data.activities.map((activity) => ({ ...activity })),
          }),
        ];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DeviceRemovalRequested':
        return { status: 'in_progress', request: event.data, removed: [], failed: [] };
      case 'DeviceRemovalCompleted':
        return state.status === 'none' ? state : { ...state, status: 'completed', removed: event.data.removed, failed: event.data.failed };
    }
  },
};
