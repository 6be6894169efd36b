export * from './errors';
export type { Event, EventDraft, EventMetadata, RecordedEvent } from './events/event';
export { systemClock, manualClock, type Clock, type ManualClock } from './ports/clock';
export type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StoredEventInput,
  SubscribeOptions,
  Subscription,
} from './ports/event-store';
export { isVaultRef, type Vault, type VaultKind, type VaultRef } from './ports/vault';
export type {
  AppleOperation,
  AssignmentOutcome,
  AssignmentReport,
  DepAccount,
  DepGateway,
  DeviceOperationResult,
  DevicePage,
  DevicePageRequest,
  DeviceRecord,
  PageLimit,
  ProfileStatus,
} from './ports/dep-gateway';
export { GatewayError, isGatewayError, type GatewayFailure } from './ports/gateway-error';
export {
  profileSettingsSchema,
  setupAssistantPanes,
  type ProfileSettings,
  type ProfileSettingsInput,
  type SetupAssistantPane,
} from './profile/profile-settings';
