/**
 * The domain of depledger: DEP server tokens, enrollment profiles, devices and sync runs as events,
 * decided by pure functions behind ports; `createDepledger` is what an MDM embeds.
 *
 * @packageDocumentation
 * @module @depledger/core
 */

export * from './errors';
export * from './messages';
export * from './tenancy';
export type { Event, EventDraft, EventMetadata, RecordedEvent } from './events/event';
export { legacyStreamPrefixes, streamPrefixes } from './events/stream-names';
export { systemClock, manualClock, type Clock, type ManualClock } from './ports/clock';
export type {
  AppendOptions,
  AppendResult,
  AppendToStreamsOptions,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StoredEventInput,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from './ports/event-store';
export {
  isTenantKeyedVault,
  isVaultRef,
  type ForgottenTenantVault,
  type TenantKeyedVault,
  type Vault,
  type VaultKind,
  type VaultRef,
  type VaultTenant,
} from './ports/vault';
export type {
  AccountDrivenEnrollmentProfile,
  ActivationLockRequest,
  ActivationLockResult,
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
  ReplacementDetails,
} from './ports/dep-gateway';
export { GatewayError, gatewayFailureCodes, isGatewayError, type GatewayFailure } from './ports/gateway-error';
export {
  profileSettingsSchema,
  setupAssistantPanes,
  type ProfileSettings,
  type ProfileSettingsInput,
  type SetupAssistantPane,
} from './profile/profile-settings';
export { parseProfileSettings } from './profile/profile-decider';
export {
  setupAssistantCatalogueVersion,
  setupAssistantKey,
  setupAssistantKeys,
  skipKeyWarnings,
  type SetupAssistantAvailability,
  type SetupAssistantKey,
  type SetupAssistantPlatform,
  type SkipKeyWarning,
} from './profile/setup-assistant-keys';
export { certificatesFromPem, isBase64DerCertificate } from './profile/profile-certificates';

// Events and their catalogue
export { defineEvent, type EventDefinition } from './serde/event-catalogue';
export { EventSerde } from './serde/event-serde';
export { compactMetadata, expandMetadata, type CompactMetadata } from './serde/compact-metadata';
export { depledgerSerde, eventCatalogue } from './serde/depledger-events';
export * from './token/token-events';
export * from './profile/profile-events';
export * from './device/device-events';
export * from './sync/sync-events';

// Deciders
export { draft, assertNever, type Command, type CommandMetadata, type Decider } from './handling/decider';
export type * from './token/token-commands';
export type * from './token/token-state';
export { tokenDecider } from './token/token-decider';
export { tokenExpiryWarningDays } from './token/token-policy';
export type * from './profile/profile-commands';
export { currentUuid, type ProfileState, type PublishedVersion } from './profile/profile-state';
export { profileDecider } from './profile/profile-decider';
export type * from './device/device-commands';
export type * from './device/device-state';
export { deviceDecider, DEFAULT_FAILED_RETRY_DELAY_MS } from './device/device-decider';
export { assignmentQueueEventTypes, evolveQueuedAssignment, type QueuedAssignment } from './device/assignment-queue';
export type * from './sync/sync-commands';
export { addCounts, zeroCounts, type RunInFlight, type SyncCursor, type SyncState } from './sync/sync-state';
export { syncDecider } from './sync/sync-decider';
export { currentIntunePolicy, defaultSyncPolicy, intune2016Policy, type SyncPolicy } from './sync/sync-policy';

// Command handling and stores
export { aggregateStream, aggregateStreams } from './handling/aggregate-stream';
export { handleCommand, withMetadata, type HandleOptions, type HandleResult } from './handling/command-handler';
export { handleCommandBatch, type BatchCommand, type BatchOptions, type BatchOutcome, type KnownStream } from './handling/command-batch';
export { createStagedWrites, type StagedWrites } from './handling/staged-writes';
export { deterministicEventId } from './handling/event-ids';
export { createInMemoryEventStore } from './store/in-memory-event-store';
export { createInMemoryRunLeases, type InMemoryRunLeases } from './leases/in-memory-run-leases';
export { fencedStore, runLeaseLost } from './leases/run-fence';
export type { LeaseAcquisition, RecordedRunLease, RunFence, RunLease, RunLeaseStore } from './ports/run-leases';
export { checkExpectedRevision, matchesPrefixes } from './store/expected-revision';
export { createAppendSignal, type AppendSignal } from './store/append-signal';
export { openPolledSubscription, type PolledSubscriptionSource } from './store/polled-subscription';
export { createInMemoryVault, normalisePersonalData } from './vault/in-memory-vault';

// Testing
export { DeciderSpecification } from './testing/decider-specification';

// The sync run (the process that pages through Apple's feed) and the assignments
export * from './sync-run';

// The application: what an MDM embeds
export * from './application';

// A scheduler that keeps tokens in sync as the policy says
export * from './scheduler';

// Logs and OpenTelemetry, when asked for
export type { DepledgerLogger, TelemetryOption } from './observability';

// Durable consumers: decoded events, at least once, in order, from a stored checkpoint
export * from './consumers';
// Apple School and Business Manager API: the organisation's inventory and assignment to MDM servers
export * from './business';

// Routing rules: which profile a device gets
export {
  routeDevice,
  routingConditionSchema,
  routingRuleSchema,
  routingRulesSchema,
  minimumOsSchema,
  type MinimumOs,
  type RoutableDevice,
  type RouteDecision,
  type RoutingCondition,
  type RoutingRule,
  type RoutingRuleInput,
} from './profile/routing/routing-rules';
export {
  applicableMinimumOs,
  compareOsVersions,
  enrollmentAnswer,
  enrollmentAnswerFrom,
  platformOfProduct,
  type EnrollmentAnswer,
  type EnrollmentFacts,
  type EnrollmentReason,
  type MinimumOsOrigin,
  type MinimumOsSource,
  type OsPlatform,
  type SoftwareUpdateRequired,
} from './profile/routing/minimum-os';
