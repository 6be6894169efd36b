/**
 * Read models over depledger's events (the device list, fleet summary, token health, sync
 * history, assignment queue) and the runner that keeps them current, rebuilds them and answers "as of".
 *
 * @packageDocumentation
 * @module @depledger/projections
 */

// The projection API
export {
  defineProjection,
  documentAsRead,
  storedDocument,
  type AnyProjection,
  type DocumentKeys,
  type DocumentOf,
  type Projection,
  type ProjectionDefinition,
} from './projection/projection';
export type { DepledgerEvent, RecordedDepledgerEvent } from './projection/depledger-event';

// Read-model stores
export type {
  DocumentChange,
  KeyedDocument,
  ListOptions,
  CountedGroup,
  FieldValuesVisitor,
  ReadModelAddress,
  ReadModelBatch,
  ReadModelStore,
  ReadModelVersion,
} from './read-model-store/read-model-store';
export { createInMemoryReadModelStore } from './read-model-store/in-memory-read-model-store';
export { readModelErrorCodes, readModelErrors } from './read-model-store/read-model-errors';
export { readModelOf, type ReadModelReader } from './read-model-store/read-model-reader';
export { scopeReadModels, tenantOfReadModels } from './read-model-store/tenant-read-models';
export { checkCountedFields, countDocuments, documentFieldValues } from './read-model-store/count-documents';
export { consumerCheckpointName, readModelCheckpoints } from './consumer-checkpoints/read-model-checkpoints';

// Running projections, history
export {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RebuildReport,
} from './runner/projection-runner';
export { projectStreamAsOf, projectStreamsAsOf, readModelsAsOf, type AsOf, type ReadModelsAsOfOptions } from './as-of/as-of';

// Labels
export type { Label, Labelled, Lang } from './labels/labels';
export {
  assignmentLabel,
  assignmentStateCodes,
  deviceStatusCodes,
  parseDeviceStatus,
  statusLabel,
  type AssignmentStateCode,
  type DeviceStatusCode,
} from './labels/device-status-labels';

// Built in: device status
export type { DeviceAssignment, DeviceProfile, DeviceStatusDoc } from './device-status/device-status-doc';
export { deviceStatusProjection } from './device-status/device-status-projection';
export {
  deviceStatus,
  deviceStatusAsOf,
  listDevices,
  pageDevices,
  streamDevices,
  viewDevice,
  type DevicePage,
  type DevicePageOptions,
  type DeviceView,
  type ListDevicesOptions,
} from './device-status/device-status-queries';

// Built in: fleet summary (counted from device status)
export { fleetSummaries, fleetSummary, summariseFleet, type CountRow, type FleetSummary } from './fleet-summary/fleet-summary';

// Built in: token health
export type { TokenHealthDoc } from './token-health/token-health-doc';
export { tokenHealthProjection } from './token-health/token-health-projection';
export {
  listTokenHealth,
  tokenHealth,
  tokenHealthAsOf,
  type TokenHealthOptions,
  type TokenHealthView,
} from './token-health/token-health-queries';
export { tokenHealthCodes, tokenHealthLabel, type TokenHealthCode } from './labels/token-health-labels';

// Built in: sync history
export { devicesFromApple, type SyncRecords, type SyncRunDoc, type SyncRunOutcome } from './sync-history/sync-run-doc';
export { syncHistoryProjection, syncRunKey } from './sync-history/sync-history-projection';
export { syncHistory, type SyncHistoryOptions, type SyncRunView } from './sync-history/sync-history-queries';
export { syncOutcomeLabel, syncRefusalLabel } from './labels/sync-labels';

// Built in: assignment queue
export { assignmentQueueProjection, type QueuedAssignmentDoc } from './assignment-queue/assignment-queue-projection';
export { assignmentQueueSeed } from './assignment-queue/assignment-queue-seed';
export { assignedDevicesSeed } from './device-status/assigned-devices-seed';
export { assignmentQueue, type AssignmentQueueOptions, type QueuedAssignmentView } from './assignment-queue/assignment-queue-queries';

// Built in: device timeline (reads the device's stream)
export { deviceTimeline, type DeviceTimelineOptions, type TimelineEntry } from './device-timeline/device-timeline';
export { describeDeviceEvent } from './device-timeline/describe-device-event';

export { builtInProjections } from './built-in-projections';

// Per-tenant figures
export type { TenantActivityDoc } from './tenant-figures/tenant-activity-doc';
export { tenantActivityProjection } from './tenant-figures/tenant-activity-projection';
export { figuresOfTenants, tenantFigures, type TenantFigures } from './tenant-figures/tenant-figures';

// Figures (for the benchmark suite)
export { seedDeviceHistory, seedSerial } from './figures/device-history-seed';
export { measureDeviceAsOf, measureDeviceStatusRebuild, type AsOfFigures, type RebuildFigures } from './figures/figures';

// Organisation inventory (School and Business Manager API) joined with DEP; not among the built-ins: run it where the API is used
export type {
  OrgInventoryAccountDoc,
  OrgInventoryDeviceDoc,
  OrgInventoryDoc,
  OrgInventoryTokenDoc,
} from './org-inventory/org-inventory-doc';
export { orgInventoryProjection } from './org-inventory/org-inventory-projection';
export {
  listBusinessAccounts,
  listOrgInventory,
  orgSituationCodes,
  type BusinessAccountView,
  situationOf,
  type OrgDeviceView,
  type OrgSituationCode,
} from './org-inventory/org-inventory-queries';
