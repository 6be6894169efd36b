export { createDepledger, type Depledger, type DepledgerOptions } from './depledger';
export type { GatewayFactory, GatewayOption, GatewayWiring } from './gateway-wiring';
export type { TokenService, IssuedKey, UploadedToken, AccountCheck } from './token-service';
export type { ProfileService, PublishedProfile } from './profile-service';
export type { DeviceService } from './device-service';
export type { DeviceOperationReport } from './device-operations';
export type { AccountDrivenEnrollment } from './account-driven-enrollment';
export type { ActorOptions } from './application-context';
export type { TokenPki, GeneratedKey, CandidateKey, DecryptedToken } from './token-pki';
