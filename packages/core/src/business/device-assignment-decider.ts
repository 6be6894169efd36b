import { RuleViolation } from '../errors/rule-violation';
import { draft, type Command, type Decider } from '../handling/decider';
import type { DeviceAssignmentEvent, DeviceAssignmentRequested } from './business-events';

export type RequestDeviceAssignment = Command<'RequestDeviceAssignment', DeviceAssignmentRequested['data']>;
export type CompleteDeviceAssignment = Command<
  'CompleteDeviceAssignment',
  {
    assignmentId: string;
    assigned: readonly string[];
    failed: readonly string[];
    activities: ReadonlyArray<{ activityId: string; status: string; subStatus: string | null }>;
  }
>;
export type DeviceAssignmentCommand = RequestDeviceAssignment | CompleteDeviceAssignment;

export type DeviceAssignmentState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: 'in_progress' | 'completed';
      request: DeviceAssignmentRequested['data'];
      assigned: readonly string[];
      failed: readonly string[];
    }>;

/** Assignment to an MDM server as a process: requested (Apple's activities started) → completed, with a result per device. */
export const deviceAssignmentDecider: Decider<DeviceAssignmentState, DeviceAssignmentCommand, DeviceAssignmentEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'RequestDeviceAssignment':
        if (state.status !== 'none')
          throw new RuleViolation(
            'BUSINESS_ASSIGNMENT_EXISTS',
            `Assignment ${command.data.assignmentId} exists already: choose another id.`,
            { assignmentId: command.data.assignmentId },
          );
        return [draft<DeviceAssignmentEvent>('DeviceAssignmentRequested', command.data)];
      case 'CompleteDeviceAssignment':
        if (state.status !== 'in_progress') return [];
        return [
          draft<DeviceAssignmentEvent>('DeviceAssignmentCompleted', {
            assignmentId: command.data.assignmentId,
            assigned: [...command.data.assigned],
            failed: [...command.data.failed],
            activities: command.data.activities.map((activity) => ({ ...activity })),
          }),
        ];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DeviceAssignmentRequested':
        return { status: 'in_progress', request: event.data, assigned: [], failed: [] };
      case 'DeviceAssignmentCompleted':
        return state.status === 'none'
          ? state
          : { ...state, status: 'completed', assigned: event.data.assigned, failed: event.data.failed };
    }
  },
};
