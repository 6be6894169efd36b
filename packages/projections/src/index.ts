// The projection API
export { defineProjection, type AnyProjection, type DocumentKeys, type DocumentOf, type Projection, type ProjectionDefinition } from './projection/projection';
export type { DepledgerEvent, RecordedDepledgerEvent } from './projection/depledger-event';

// Read-model stores
export type {
  DocumentChange,
  KeyedDocument,
  ReadModelAddress,
  ReadModelBatch,
  ReadModelStore,
  ReadModelVersion,
} from './read-model-store/read-model-store';
export { createInMemoryReadModelStore } from './read-model-store/in-memory-read-model-store';
export { readModelOf, type ReadModelReader } from './read-model-store/read-model-reader';

// Running projections, history
export {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RebuildReport,
} from './runner/projection-runner';
export { projectStreamAsOf, readModelsAsOf, type AsOf, type ReadModelsAsOfOptions } from './as-of/as-of';

// Labels
export type { Label, Labelled, Lang } from './labels/labels';
export {
  assignmentLabel,
  assignmentStateCodes,
  deviceStatusCodes,
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
  type DeviceView,
  type ListDevicesOptions,
} from './device-status/device-status-queries';
