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
export {
  createFleetScheduler,
  type FleetEntry,
  type FleetOutcome,
  type FleetScheduler,
  type FleetSchedulerOptions,
} from './fleet-scheduler';
