export {
  createSyncScheduler,
  type BusinessAccountPlan,
  type SchedulableDepledger,
  type ScheduledOutcome,
  type ScheduledTask,
  type SyncScheduler,
  type SyncSchedulerOptions,
  type TokenPlan,
} from './sync-scheduler';
