/**
 * A local stand-in for Apple's DEP service and Apple Business Manager's portal, over real HTTP,
 * for tests, demos and benchmarks.
 *
 * @packageDocumentation
 * @module @depledger/apple-simulator
 */

export { createAppleSimulator, type AppleSimulator } from './simulator';
export { startAppleSimulator, type QuickStartOptions, type StartedSimulator } from './quick-start';
export type { SimulatorOptions, SimulatorSettings, OrganisationInfo } from './options';
export { createManualClock, type Clock, type ManualClock, type SimulatorClock } from './clock';
export type { Portal, IssuedToken, MdmServerSummary, AddMdmServerInput } from './portal';
export type { DeviceInventory, SeedOptions } from './device/device-inventory';
export type { DeviceInput, DeviceOs, DeviceFamily, ProfileStatus } from './device/device-record';
export type { ReplacementInput } from './state/device-replacement';
export type { DeviceView } from './device/device-view';
export type { DeviceSelection } from './device/device-selection';
export type { PowerOnResult } from './device/power-on';
export type { MachineInfoOptions, SignedMachineInfo } from './device/machine-info';
export type { AssignmentOutcome } from './state/device-assignment';
export type { Faults } from './faults-api';
export type { FaultSettings, FaultChanges } from './faults';
export { depsimCredentials, type OAuthCredentials, type ServerTokenJson } from './state/server-token';
export { oauthAuthorizationHeader, type SignOptions } from './oauth/oauth-signer';
export { createTestCertificate, type TestKeyPair } from './pki/test-certificate';
export { SimulatorError } from './simulator-error';
export type { BusinessSide, AppleCareCoverageInput } from './business/business-side';
export type { ApiAccountKind, IssuedApiAccount } from './business/api-account';
export type { AssertionProblem } from './business/assertion-check';
export type { BusinessFaultSettings, BusinessFaultChanges } from './business/business-faults';
export type { SimulatedActivity, ActivityStatus, ActivitySubStatus } from './business/activity';
export { benchmarkFullFetch, type FullFetchBenchmarkOptions, type FullFetchBenchmarkResult } from './benchmark/full-fetch-benchmark';
