import { RuleViolation } from '../errors/rule-violation';
import { draft, type Command, type Decider } from '../handling/decider';
import type { MigrationChangeEvent, MigrationChangeRequested } from './business-events';

export type RequestMigrationChange = Command<'RequestMigrationChange', MigrationChangeRequested['data']>;
export type CompleteMigrationChange = Command<
  'CompleteMigrationChange',
  {
    changeId: string;
    changed: readonly string[];
    failed: readonly string[];
    activities: ReadonlyArray<{ activityId: string; status: string; subStatus: string | null }>;
  }
>;
export type MigrationChangeCommand = RequestMigrationChange | CompleteMigrationChange;

export type MigrationChangeState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: 'in_progress' | 'completed';
      request: MigrationChangeRequested['data'];
      changed: readonly string[];
      failed: readonly string[];
    }>;

/**
 * A change to migrations under way (a new deadline, or a cancellation) as a process: requested
 * (Apple's activities started) → completed, with a result per device. Same shape as an assignment.
 */
export const migrationChangeDecider: Decider<MigrationChangeState, MigrationChangeCommand, MigrationChangeEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'RequestMigrationChange':
        if (state.status !== 'none')
          throw new RuleViolation(
            'BUSINESS_MIGRATION_CHANGE_EXISTS',
            `Migration change ${command.data.changeId} exists already: choose another id.`,
            { changeId: command.data.changeId },
          );
        return [draft<MigrationChangeEvent>('MigrationChangeRequested', command.data)];
      case 'CompleteMigrationChange':
        if (state.status !== 'in_progress') return [];
        return [
          draft<MigrationChangeEvent>('MigrationChangeCompleted', {
            changeId: command.data.changeId,
            changed: [...command.data.changed],
            failed: [...command.data.failed],
            activities: command.data.activities.map((activity) => ({ ...activity })),
          }),
        ];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'MigrationChangeRequested':
        return { status: 'in_progress', request: event.data, changed: [], failed: [] };
      case 'MigrationChangeCompleted':
        return state.status === 'none' ? state : { ...state, status: 'completed', changed: event.data.changed, failed: event.data.failed };
    }
  },
};
