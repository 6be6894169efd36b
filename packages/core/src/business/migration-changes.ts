import { randomUUID } from 'node:crypto';
import { RuleViolation } from '../errors/rule-violation';
import { ValidationError } from '../errors/validation-error';
import type { BusinessAssignmentProgress, BusinessMigrationChangeResult } from './business-gateway';
import type { BusinessProcessContext } from './device-removals';
import { checkSelectionShape, selectOrgDevices, type DeviceSelectionInput } from './device-selection';
import { migrationChangeDecider, type MigrationChangeState } from './migration-change-decider';
import { checkMigrationDeadline } from './migration-deadline';

type Progress = Readonly<{ onProgress?: (progress: BusinessAssignmentProgress) => void; signal?: AbortSignal }>;

/** Devices whose migration under way gets a new deadline (Apple's UPDATE_MDM_MIGRATION_DEADLINE). */
export type BusinessMigrationDeadlineInput = DeviceSelectionInput &
  Progress &
  Readonly<{
    accountId?: string;
    /** The new deadline (ISO date and time), at most 90 days ahead; an earlier or past one is enforced on the device at once. */
    deadline: string;
    changeId?: string;
  }>;

/** Devices whose migration under way is cancelled (Apple's CANCEL_MDM_MIGRATION): they go back to their former server. */
export type BusinessMigrationCancelInput = DeviceSelectionInput & Progress & Readonly<{ accountId?: string; changeId?: string }>;

export type BusinessMigrationChangeReport = BusinessMigrationChangeResult &
  Readonly<{ changeId: string; change: 'deadline' | 'cancel'; deadline: string | null; serials: readonly string[] }>;

/** Apple's migration statuses of a migration not finished yet. */
const underWay = new Set(['REQUESTED', 'STARTED']);

/** Changes to migrations under way as processes: requested (Apple's activities started) → completed per device. Bad input records nothing. */
export const createMigrationChanges = (context: BusinessProcessContext & { now: () => Date }) => {
  const { streams, gateway, accountRef, withAccount, meta } = context;

  const start = async (
    change: 'deadline' | 'cancel',
    deadline: string | null,
    input: DeviceSelectionInput & { accountId?: string; changeId?: string; signal?: AbortSignal },
    actor: string | undefined,
  ): Promise<string> => {
    const what = change === 'deadline' ? 'migration deadline' : 'migration cancellation';
    checkSelectionShape(input, what);
    const account = await accountRef(input.accountId);
    const devices = await withAccount(account, () => gateway().orgDevices(account, input.signal));
    const { serials, selection } = selectOrgDevices(input, devices, what);
    // Apple fails the devices with no migration under way one by one; refuse them here, before anything is sent.
    const statusOf = new Map(devices.map((device) => [device.serial, device.facts.migrationStatus]));
    const idle = serials.filter((serial) => statusOf.get(serial) !== undefined && !underWay.has(statusOf.get(serial) ?? ''));
    if (idle.length > 0)
      throw new ValidationError(
        what,
        [
          {
            path: 'serials',
            message: `no migration under way at Apple for: ${idle.slice(0, 10).join(', ')}${idle.length > 10 ? ` and ${idle.length - 10} more` : ''}`,
          },
        ],
        'BUSINESS_NO_MIGRATION',
      );
    const changeId = input.changeId ?? randomUUID();
    if ((await streams.state(migrationChangeDecider, 'migrationChange', changeId)).status !== 'none')
      throw new RuleViolation('BUSINESS_MIGRATION_CHANGE_EXISTS', `Migration change ${changeId} exists already: choose another id.`, {
        changeId,
      });
    const { activityIds } = await withAccount(account, () =>
      gateway().startMigrationChange(account, { change, deadline, serials }, input.signal),
    );
    await streams.handle(migrationChangeDecider, 'migrationChange', changeId, {
      type: 'RequestMigrationChange',
      data: { changeId, accountId: account.accountId, change, deadline, serials, selection, activityIds },
      metadata: meta(actor),
    });
    return changeId;
  };

  const finish = async (changeId: string, options: Progress): Promise<BusinessMigrationChangeReport> => {
    const state = await streams.state(migrationChangeDecider, 'migrationChange', changeId);
    if (state.status === 'none')
      throw new RuleViolation('BUSINESS_MIGRATION_CHANGE_NOT_FOUND', `There is no migration change ${changeId}.`, { changeId });
    const { request } = state;
    const head = { changeId, change: request.change, deadline: request.deadline, serials: request.serials };
    if (state.status === 'completed') return { ...head, changed: state.changed, failed: state.failed, activities: [] };
    const account = await accountRef(request.accountId);
    const result = await withAccount(account, () =>
      gateway().finishMigrationChange(account, {
        change: request.change,
        deadline: request.deadline,
        serials: request.serials,
        activityIds: request.activityIds,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    await streams.handle(migrationChangeDecider, 'migrationChange', changeId, {
      type: 'CompleteMigrationChange',
      data: { changeId, ...result },
      metadata: meta('system:business'),
    });
    return { ...head, ...result };
  };

  return {
    /**
     * Moves the deadline of migrations under way (Apple's UPDATE_MDM_MIGRATION_DEADLINE), recorded as
     * a process. The deadline may be earlier, even past: the devices then migrate without waiting for
     * their users. Devices with no migration under way, and a deadline more than 90 days ahead, are
     * refused before anything is sent or recorded.
     */
    async updateMigrationDeadline(input: BusinessMigrationDeadlineInput, options: { actor?: string } = {}) {
      const deadline = checkMigrationDeadline(input.deadline, context.now(), { allowPast: true });
      return finish(await start('deadline', deadline, input, options.actor), input);
    },
    /**
     * Cancels migrations under way (Apple's CANCEL_MDM_MIGRATION): the devices go back to the server
     * they were migrating from. Recorded as a process; bad input records nothing.
     */
    async cancelMigration(input: BusinessMigrationCancelInput, options: { actor?: string } = {}) {
      return finish(await start('cancel', null, input, options.actor), input);
    },
    /** Waits for a migration change still in progress (after a timeout, or a restart) and records its result. */
    finishMigrationChange: (changeId: string, options: Progress = {}) => finish(changeId, options),
    migrationChange: (changeId: string): Promise<MigrationChangeState> =>
      streams.state(migrationChangeDecider, 'migrationChange', changeId),
  };
};
