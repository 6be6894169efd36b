import { assignmentQueueProjection } from './assignment-queue/assignment-queue-projection';
import { deviceStatusProjection } from './device-status/device-status-projection';
import type { AnyProjection } from './projection/projection';
import { syncHistoryProjection } from './sync-history/sync-history-projection';
import { tenantActivityProjection } from './tenant-figures/tenant-activity-projection';
import { tokenHealthProjection } from './token-health/token-health-projection';

/**
 * The read models depledger keeps: device status (which the fleet summary counts), token health,
 * sync history, the assignment queue and the tenant's activity (which `tenantFigures` reads). The
 * device timeline reads a device's stream directly.
 */
export const builtInProjections: readonly AnyProjection[] = [
  deviceStatusProjection,
  tokenHealthProjection,
  syncHistoryProjection,
  assignmentQueueProjection,
  tenantActivityProjection,
];
