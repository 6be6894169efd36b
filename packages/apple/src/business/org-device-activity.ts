import type { z } from 'zod';
import { BusinessApiError } from './business-error';
import type { activityResource } from './json-api-documents';

/**
 * The activities depledger starts: assign to or unassign from an MDM server, release from the
 * organisation (for good), and the device management service migrations — assign with a
 * deadline, move the deadline, cancel (API 2.3 for Business, 1.6 for School).
 */
export type OrgDeviceActivityType =
  | 'ASSIGN_DEVICES'
  | 'UNASSIGN_DEVICES'
  | 'RELEASE_DEVICES'
  | 'ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE'
  | 'UPDATE_MDM_MIGRATION_DEADLINE'
  | 'CANCEL_MDM_MIGRATION';

/** An `orgDeviceActivities` resource: Apple's asynchronous work on a set of devices. */
export type OrgDeviceActivity = Readonly<{
  id: string;
  /** `IN_PROGRESS`, `COMPLETED`, `STOPPED` or `FAILED`. */
  status: string;
  subStatus: string | null;
  createdDateTime: string | null;
  completedDateTime: string | null;
  /** A presigned link to the activity's per-device log (CSV), once it completed. */
  downloadUrl: string | null;
}>;

/** What an assignment did to each device, read back from the server's device list once Apple's activities finished. */
export type AssignmentOutcome = Readonly<{
  activities: readonly OrgDeviceActivity[];
  /** Requested devices now assigned to the server. */
  assigned: readonly string[];
  /** Requested devices that are not. */
  failed: readonly string[];
}>;

export type ActivityProgress = Readonly<{ activities: readonly OrgDeviceActivity[]; completed: number; total: number }>;

export type WaitOptions = Readonly<{
  /** Between two reads of an activity. @defaultValue `2000` */
  pollIntervalMs?: number;
  /** Give up (`BUSINESS_ACTIVITY_TIMEOUT`) after this long; the activity goes on at Apple. @defaultValue `600000` */
  timeoutMs?: number;
  onProgress?: (progress: ActivityProgress) => void;
  signal?: AbortSignal;
}>;

export type ActivityCalls = Readonly<{
  /**
   * `POST /v1/orgDeviceActivities`: starts assigning, unassigning, releasing or migrating devices;
   * Apple carries it out later. `migrationDeadline` goes to `activityTypeMetadata` (the migration types).
   */
  createActivity(
    input: { type: OrgDeviceActivityType; serverId?: string; deviceIds: readonly string[]; migrationDeadline?: string },
    signal?: AbortSignal,
  ): Promise<OrgDeviceActivity>;
  activity(id: string, signal?: AbortSignal): Promise<OrgDeviceActivity>;
  /** Reads the activities until none is `IN_PROGRESS`. */
  waitForActivities(ids: readonly string[], options?: WaitOptions): Promise<OrgDeviceActivity[]>;
  /**
   * Assigns devices to a server: one activity per 1000 devices (Apple documents no maximum),
   * waits for them, then reads the server's devices to tell which of the requested ones got there.
   */
  assignDevices(input: { serverId: string; deviceIds: readonly string[] } & WaitOptions): Promise<AssignmentOutcome>;
}>;

type ActivityDocument = { data: z.infer<typeof activityResource> };

const devicesPerActivity = 1000;

const toActivity = (document: ActivityDocument): OrgDeviceActivity => ({
  id: document.data.id,
  status: document.data.attributes.status,
  subStatus: document.data.attributes.subStatus ?? null,
  createdDateTime: document.data.attributes.createdDateTime ?? null,
  completedDateTime: document.data.attributes.completedDateTime ?? null,
  downloadUrl: document.data.attributes.downloadUrl ?? null,
});

export function createActivityCalls(io: {
  create(body: unknown, signal?: AbortSignal): Promise<ActivityDocument>;
  read(id: string, signal?: AbortSignal): Promise<ActivityDocument>;
  serverDeviceIds(serverId: string, signal?: AbortSignal): Promise<string[]>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): number;
}): ActivityCalls {
  const createActivity: ActivityCalls['createActivity'] = async (input, signal) => {
    const relationships: Record<string, unknown> = { devices: { data: input.deviceIds.map((id) => ({ type: 'orgDevices', id })) } };
    if (input.serverId !== undefined) relationships.mdmServer = { data: { type: 'mdmServers', id: input.serverId } };
    const attributes: Record<string, unknown> = { activityType: input.type };
    if (input.migrationDeadline !== undefined) attributes.activityTypeMetadata = { mdmMigrationDeadlineDateTime: input.migrationDeadline };
    return toActivity(await io.create({ data: { type: 'orgDeviceActivities', attributes, relationships } }, signal));
  };

  const waitForActivities: ActivityCalls['waitForActivities'] = async (ids, options = {}) => {
    const deadline = io.now() + (options.timeoutMs ?? 600_000);
    const latest = new Map<string, OrgDeviceActivity>();
    for (;;) {
      for (const id of ids) {
        if (latest.get(id)?.status !== undefined && latest.get(id)?.status !== 'IN_PROGRESS') continue;
        latest.set(id, toActivity(await io.read(id, options.signal)));
      }
      const activities = ids.map((id) => latest.get(id) as OrgDeviceActivity);
      const completed = activities.filter((activity) => activity.status !== 'IN_PROGRESS').length;
      options.onProgress?.({ activities, completed, total: ids.length });
      if (completed === ids.length) return activities;
      if (io.now() >= deadline) {
        throw new BusinessApiError(
          'BUSINESS_ACTIVITY_TIMEOUT',
          `Apple has not finished ${ids.length - completed} activit${ids.length - completed === 1 ? 'y' : 'ies'} yet; they go on at Apple. Look again later with the activity ids.`,
          {
            activityIds: [...ids],
          },
        );
      }
      await io.sleep(options.pollIntervalMs ?? 2000, options.signal);
    }
  };

  return {
    createActivity,
    activity: async (id, signal) => toActivity(await io.read(id, signal)),
    waitForActivities,
    async assignDevices(input) {
      const ids = [...new Set(input.deviceIds)];
      const started: OrgDeviceActivity[] = [];
      for (let from = 0; from < ids.length; from += devicesPerActivity) {
        started.push(
          await createActivity(
            { type: 'ASSIGN_DEVICES', serverId: input.serverId, deviceIds: ids.slice(from, from + devicesPerActivity) },
            input.signal,
          ),
        );
      }
      const activities = await waitForActivities(
        started.map((activity) => activity.id),
        input,
      );
      const onServer = new Set(await io.serverDeviceIds(input.serverId, input.signal));
      return { activities, assigned: ids.filter((id) => onServer.has(id)), failed: ids.filter((id) => !onServer.has(id)) };
    },
  };
}
