/** The activity types the simulator carries out: every type Apple's `OrgDeviceActivityType` page lists. */
export type SimulatedActivityType =
  | 'ASSIGN_DEVICES'
  | 'UNASSIGN_DEVICES'
  | 'RELEASE_DEVICES'
  | 'ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE'
  | 'UPDATE_MDM_MIGRATION_DEADLINE'
  | 'CANCEL_MDM_MIGRATION';

export const simulatedActivityTypes: readonly SimulatedActivityType[] = [
  'ASSIGN_DEVICES',
  'UNASSIGN_DEVICES',
  'RELEASE_DEVICES',
  'ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE',
  'UPDATE_MDM_MIGRATION_DEADLINE',
  'CANCEL_MDM_MIGRATION',
];

/** A device management service migration under way: the server the device leaves (a cancellation sends it back there). */
export interface SimulatedMigration {
  readonly fromServerId: string;
  status: 'REQUESTED' | 'STARTED' | 'SUCCESS' | 'FAILED';
}

export type ActivityStatus = 'IN_PROGRESS' | 'COMPLETED' | 'STOPPED' | 'FAILED';
export type ActivitySubStatus = 'SUBMITTED' | 'PROCESSING' | 'COMPLETED_WITH_SUCCESS' | 'COMPLETED_WITH_ERROR' | 'COMPLETED_WITH_FAILURE';

/** One `orgDeviceActivities` resource and what it did to each device. */
export interface SimulatedActivity {
  readonly id: string;
  readonly type: SimulatedActivityType;
  readonly serverId: string | undefined;
  readonly serials: readonly string[];
  readonly clientId: string;
  /** The migration deadline of ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE and UPDATE_MDM_MIGRATION_DEADLINE. */
  readonly deadlineMs: number | undefined;
  readonly createdMs: number;
  status: ActivityStatus;
  subStatus: ActivitySubStatus;
  completedMs: number | undefined;
  /** The secret in the activity log's `downloadUrl` (a presigned link: no bearer token needed). */
  readonly logToken: string;
  /** Per device once completed: done, or failed (not in the organisation, or a fault). */
  outcome: Record<string, 'done' | 'failed'> | undefined;
}

export function activitySubStatus(outcome: Record<string, 'done' | 'failed'>): ActivitySubStatus {
  const results = Object.values(outcome);
  const failed = results.filter((result) => result === 'failed').length;
  if (failed === 0) return 'COMPLETED_WITH_SUCCESS';
  return failed === results.length ? 'COMPLETED_WITH_FAILURE' : 'COMPLETED_WITH_ERROR';
}
