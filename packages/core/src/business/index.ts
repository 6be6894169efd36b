export * from './business-events';
export { businessAccountDecider, type BusinessAccountCommand, type BusinessAccountState } from './business-account-decider';
export { orgDeviceDecider, type OrgDeviceCommand, type OrgDeviceState } from './org-device-decider';
export { deviceRemovalDecider, type DeviceRemovalCommand, type DeviceRemovalState } from './device-removal-decider';
export { deviceAssignmentDecider, type DeviceAssignmentCommand, type DeviceAssignmentState } from './device-assignment-decider';
export type {
  BusinessAssignmentProgress,
  BusinessAssignmentResult,
  BusinessMigrationChangeInput,
  BusinessMigrationChangeResult,
  BusinessAccountRef,
  BusinessGateway,
  BusinessRemovalInput,
  BusinessRemovalResult,
  OrgDeviceRecord,
  OrgServerRecord,
} from './business-gateway';
export {
  createBusinessService,
  type BusinessAssignInput,
  type BusinessAssignmentReport,
  type BusinessService,
  type BusinessConnectInput,
  type InventoryRefresh,
} from './business-service';
export { businessServiceErrorCodes, type BusinessServiceErrorCode } from './business-error-codes';
export { businessStreamPrefixes, type BusinessStreamKind } from './business-streams';
export type { BusinessAccountHealth } from './business-account-health';
export { migrationChangeDecider, type MigrationChangeCommand, type MigrationChangeState } from './migration-change-decider';
export { maxMigrationDeadlineDays } from './migration-deadline';
export type { BusinessMigrationCancelInput, BusinessMigrationChangeReport, BusinessMigrationDeadlineInput } from './migration-changes';
export type { BusinessReleaseInput, BusinessRemovalReport, BusinessUnassignInput } from './device-removals';
export type { DeviceSelectionInput } from './device-selection';
