export {
  createSyncEngine,
  type AssignmentCallOptions,
  type ManualAssignmentOptions,
  type SyncEngine,
  type SyncEngineOptions,
} from './sync-engine';
export type { AssignmentResult, RefusedSerial } from './assignment/assignments';
export type { AssignmentQueueSeed } from './assignment/assignment-waits';
export type { AssignedDevicesSeed } from './assigned-devices-seed';
export { MAX_ASSIGNMENT_BATCH } from './assignment/assignments';
export type { AssignmentTally } from './assignment/assignment-tally';
export type {
  AbsenceReconciliation,
  AssignmentSummary,
  CompletedSyncRun,
  RefusedSyncRun,
  StoppedSyncRun,
  SyncPageProgress,
  SyncRefusal,
  SyncRefusalReason,
  SyncRunError,
  SyncRunFacts,
  SyncRunOptions,
  SyncRunOutcome,
  SyncRunResult,
} from './run-result';
