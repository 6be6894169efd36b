import { randomUUID } from 'node:crypto';
import { RuleViolation } from '../errors/rule-violation';
import { ValidationError } from '../errors/validation-error';
import type { BusinessAccountRef, BusinessAssignmentProgress, BusinessGateway, BusinessRemovalResult } from './business-gateway';
import type { createBusinessStreams } from './business-streams';
import { deviceRemovalDecider, type DeviceRemovalState } from './device-removal-decider';
import { checkSelectionShape, selectOrgDevices, type DeviceSelectionInput } from './device-selection';

/** Devices to unassign from an MDM server (Apple's UNASSIGN_DEVICES); they stay in the organisation. */
export type BusinessUnassignInput = DeviceSelectionInput &
  Readonly<{
    accountId?: string;
    serverId: string;
    removalId?: string;
    onProgress?: (progress: BusinessAssignmentProgress) => void;
    signal?: AbortSignal;
  }>;

/** Devices to release from the organisation (Apple's RELEASE_DEVICES): for good, so `confirm: true` is required. */
export type BusinessReleaseInput = DeviceSelectionInput &
  Readonly<{
    accountId?: string;
    /** Must be true: a released device leaves the organisation and cannot be brought back by the API. */
    confirm: boolean;
    removalId?: string;
    onProgress?: (progress: BusinessAssignmentProgress) => void;
    signal?: AbortSignal;
  }>;

export type BusinessRemovalReport = BusinessRemovalResult &
  Readonly<{ removalId: string; from: 'server' | 'organisation'; serverId: string | null; serials: readonly string[] }>;

type WaitOptions = {
  onProgress?: (progress: BusinessAssignmentProgress) => void;
  signal?: AbortSignal;
};

/** What the processes (removals, migration changes) need from the business service around them. */
export type BusinessProcessContext = Readonly<{
  streams: ReturnType<typeof createBusinessStreams>;
  gateway: () => BusinessGateway;
  accountRef: (accountId?: string) => Promise<BusinessAccountRef>;
  withAccount: <T>(account: BusinessAccountRef, call: () => Promise<T>) => Promise<T>;
  meta: (actor?: string) => { now: Date; actor: string };
  /** Records a released device on its org-device stream. */
  recordReleased: (account: BusinessAccountRef, serial: string) => Promise<void>;
}>;

/** Unassign and release as processes: requested (Apple's activities started) → completed per device. Bad input records nothing. */
export const createDeviceRemovals = (context: BusinessProcessContext) => {
  const { streams, gateway, accountRef, withAccount, meta } = context;

  const start = async (
    from: 'server' | 'organisation',
    input: DeviceSelectionInput & { accountId?: string; serverId: string | null; removalId?: string; signal?: AbortSignal },
    actor: string | undefined,
  ): Promise<string> => {
    const what = from === 'server' ? 'unassignment' : 'release';
    checkSelectionShape(input, what);
    const account = await accountRef(input.accountId);
    const devices = await withAccount(account, () => gateway().orgDevices(account, input.signal));
    if (input.serverId !== null) {
      const servers = await withAccount(account, () => gateway().mdmServers(account, input.signal));
      if (!servers.some((server) => server.serverId === input.serverId))
        throw new RuleViolation(
          'BUSINESS_SERVER_UNKNOWN',
          `Apple knows no MDM server ${input.serverId} in this organisation: list them with business servers.`,
          { serverId: input.serverId },
        );
    }
    const { serials, selection } = selectOrgDevices(input, devices, what);
    if (input.serverId !== null) {
      const serverId = input.serverId;
      const onServer = new Set(await withAccount(account, () => gateway().mdmServerDevices(account, serverId, input.signal)));
      const elsewhere = serials.filter((serial) => !onServer.has(serial));
      if (elsewhere.length > 0)
        throw new ValidationError(
          what,
          [
            {
              path: 'serials',
              message: `not on MDM server ${serverId} at Apple: ${elsewhere.slice(0, 10).join(', ')}${elsewhere.length > 10 ? ` and ${elsewhere.length - 10} more` : ''}`,
            },
          ],
          'BUSINESS_SERIALS_NOT_ON_SERVER',
        );
    }
    const removalId = input.removalId ?? randomUUID();
    if ((await streams.state(deviceRemovalDecider, 'deviceRemoval', removalId)).status !== 'none')
      throw new RuleViolation('BUSINESS_REMOVAL_EXISTS', `Removal ${removalId} exists already: choose another id.`, { removalId });
    const { activityIds } = await withAccount(account, () =>
      gateway().startRemoval(account, { from, serverId: input.serverId, serials }, input.signal),
    );
    await streams.handle(deviceRemovalDecider, 'deviceRemoval', removalId, {
      type: 'RequestDeviceRemoval',
      data: { removalId, accountId: account.accountId, from, serverId: input.serverId, serials, selection, activityIds },
      metadata: meta(actor),
    });
    return removalId;
  };

  const finish = async (removalId: string, options: WaitOptions): Promise<BusinessRemovalReport> => {
    const state = await streams.state(deviceRemovalDecider, 'deviceRemoval', removalId);
    if (state.status === 'none') throw new RuleViolation('BUSINESS_REMOVAL_NOT_FOUND', `There is no removal ${removalId}.`, { removalId });
    const { request } = state;
    const head = { removalId, from: request.from, serverId: request.serverId, serials: request.serials };
    if (state.status === 'completed') return { ...head, removed: state.removed, failed: state.failed, activities: [] };
    const account = await accountRef(request.accountId);
    const result = await withAccount(account, () =>
      gateway().finishRemoval(account, {
        from: request.from,
        serverId: request.serverId,
        serials: request.serials,
        activityIds: request.activityIds,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    await streams.handle(deviceRemovalDecider, 'deviceRemoval', removalId, {
      type: 'CompleteDeviceRemoval',
      data: { removalId, ...result },
      metadata: meta('system:business'),
    });
    if (request.from === 'organisation') for (const serial of result.removed) await context.recordReleased(account, serial);
    return { ...head, ...result };
  };

  return {
    /**
     * Unassigns devices from an MDM server through Apple's activities (they stay in the
     * organisation), recorded as a process like an assignment. Bad input (an unknown server,
     * order or serials) fails before anything is sent or recorded.
     */
    async unassign(input: BusinessUnassignInput, options: { actor?: string } = {}): Promise<BusinessRemovalReport> {
      const removalId = await start('server', input, options.actor);
      return finish(removalId, input);
    },
    /**
     * Releases devices from the organisation through Apple's activities: they leave it for good.
     * Refused unless `confirm` is true; bad input fails before anything is sent or recorded.
     */
    async release(input: BusinessReleaseInput, options: { actor?: string } = {}): Promise<BusinessRemovalReport> {
      if (input.confirm !== true)
        throw new ValidationError(
          'release',
          [{ path: 'confirm', message: 'releasing devices from the organisation cannot be undone: confirm it explicitly' }],
          'BUSINESS_RELEASE_NOT_CONFIRMED',
        );
      const removalId = await start('organisation', { ...input, serverId: null }, options.actor);
      return finish(removalId, input);
    },
    /** Waits for a removal still in progress (after a timeout, or a restart) and records its result. */
    finishRemoval: (removalId: string, options: WaitOptions = {}) => finish(removalId, options),
    removal: (removalId: string): Promise<DeviceRemovalState> => streams.state(deviceRemovalDecider, 'deviceRemoval', removalId),
    /**
     * The per-device log of one of Apple's activities (its id from a report or a recorded event), as
     * the CSV Apple offers once the activity completed. Records nothing.
     */
    async activityLog(activityId: string, options: { accountId?: string; signal?: AbortSignal } = {}): Promise<string> {
      const account = await accountRef(options.accountId);
      const csv = await withAccount(account, () => gateway().activityLog(account, activityId, options.signal));
      if (csv === null)
        throw new RuleViolation(
          'BUSINESS_ACTIVITY_LOG_UNAVAILABLE',
          `Apple offers no log for activity ${activityId} yet: it has not completed. Look again later.`,
          { activityId },
        );
      return csv;
    },
  };
};
