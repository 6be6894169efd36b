export { createSyncEngine, type AssignmentCallOptions, type ManualAssignmentOptions, type SyncEngine, type SyncEngineOptions } from './sync-engine';
export type { AssignmentResult } from './assignment-operations';
export { MAX_ASSIGNMENT_BATCH } from './assignment-sender';
export type {
  AbsenceReconciliation,
  AssignmentSummary,
  SyncPageProgress,
  SyncRefusal,
  SyncRefusalReason,
  SyncRunOptions,
  SyncRunOutcome,
  SyncRunResult,
} from './sync-result';
