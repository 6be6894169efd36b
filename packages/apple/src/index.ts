/**
 * The adapter that talks to Apple's DEP service: token PKI, OAuth sessions, the API client, and
 * `appleGateway()`, core's gateway port as `createDepledger` takes it.
 *
 * @packageDocumentation
 * @module @depledger/apple
 */

// Token PKI
export { generateEncryptionKey, type EncryptionKey, type EncryptionKeyOptions } from './pki/encryption-key';
export {
  decryptServerToken,
  type CandidateKey,
  type DecryptedServerToken,
  type DecryptServerTokenOptions,
  type OAuthCredentials,
  type ServerToken,
} from './pki/server-token';
export { ServerTokenError, type ServerTokenErrorCode } from './pki/server-token-error';

// OAuth 1.0a for GET /session
export { oauthAuthorizationHeader, oauthSignature, type OAuthRequestParameters } from './session/oauth-signature';
export type { CredentialsSource } from './session/session';
export { credentialsFromVault, oauthSecretsForVault } from './vault-credentials';
export { createAppleTokenPki, type AppleTokenPkiOptions } from './token-pki';

// The API client, in Apple's terms
export { createAppleClient, type AppleClient } from './client';
export { appleBaseUrl, defaultProtocolVersion, defaultUserAgent, type AppleClientOptions } from './client-options';
export type { AppleClientEvent, AppleClientObserver } from './client-events';
export type { RetryPolicy } from './http/retry-policy';
export type { AppleAccount, ApplePageLimit } from './endpoints/account';
export type { AppleDevice, AppleDevicePage } from './endpoints/device';
export type { AppleDeviceDetail } from './endpoints/device-details';
export type { DevicePageOptions } from './endpoints/device-pages';
export type { AppleProfile, AppleProfileRequest } from './endpoints/profile';
export type { AssignedProfile, DefinedProfile } from './endpoints/profiles';
export type { AppleReplacementDetails } from './endpoints/replacement-details';

// Errors
export { AppleError, appleErrorCodeMap, appleErrorCodes, profileValidationCodes, type AppleErrorCode } from './errors/apple-error';
export {
  AppleAbortError,
  AppleResponseError,
  AppleResponseTooLargeError,
  AppleUnavailableError,
  CredentialsMissingError,
} from './errors/transport-errors';

// Core's DepGateway port
export { createAppleGateway, type AppleGateway, type AppleGatewayOptions } from './gateway/gateway';
export { appleGateway, type AppleGatewayFactoryOptions } from './gateway/apple-gateway-factory';
export { isLoopbackUrl, trustsRefusalsFrom } from './gateway/refusal-trust';

// Apple School and Business Manager API (devices, MDM servers, assignment activities, AppleCare)
export { createBusinessClient, type BusinessClient } from './business/business-client';
export {
  appleAccountTokenUrl,
  appleBusinessApiUrl,
  appleSchoolApiUrl,
  type BusinessApiCredentials,
  type BusinessClientEvent,
  type BusinessClientOptions,
  type BusinessCredentialsSource,
} from './business/business-options';
export type { ActivityProgress, AssignmentOutcome, OrgDeviceActivity, WaitOptions } from './business/org-device-activity';
export type { AppleCareCoverage, OrgDevice, OrgMdmServer } from './business/org-device';
export { signClientAssertion, maxAssertionLifetimeSeconds, type ClientAssertionInput } from './business/client-assertion';
export { readBusinessPrivateKey } from './business/private-key';
export { BusinessApiError, businessErrorCodes, type BusinessErrorCode } from './business/business-error';
export { createBusinessGateway, type BusinessGatewayOptions } from './business/business-gateway';
// The MDM's enrollment endpoint: a device's MachineInfo, read and checked
export { readMachineInfo, type MachineInfo, type ReadMachineInfoOptions } from './enrollment/machine-info';
