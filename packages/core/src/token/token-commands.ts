import type { Command } from '../handling/decider';
import type { RoutingRule } from '../profile/routing/routing-rules';

export type IssueEncryptionKey = Command<
  'IssueEncryptionKey',
  { tokenId: string; keyId: string; certificatePem: string; fingerprint: string; privateKeyRef: string; notAfter: string }
>;
export type UploadServerToken = Command<
  'UploadServerToken',
  { tokenId: string; keyId: string; consumerKey: string; accessTokenExpiry: string; appleIdRef: string; oauthSecretsRef: string }
>;
export type RecordAccountVerified = Command<
  'RecordAccountVerified',
  { tokenId: string; serverName: string; serverUuid: string; orgName: string; orgType: string | null; adminIdRef: string | null }
>;
/** The outcome of any call to Apple with this token: clears or raises the terms / rejection flags. */
export type RecordAppleContact = Command<
  'RecordAppleContact',
  { tokenId: string; outcome: 'ok' | 'terms_not_signed' | 'token_rejected' | 'signature_invalid' | 'forbidden' | 'access_denied' }
>;
export type CheckTokenExpiry = Command<'CheckTokenExpiry', { tokenId: string }>;
export type SetDefaultProfile = Command<
  'SetDefaultProfile',
  { tokenId: string; profileId: string | null; profile: { tokenId: string; published: boolean; retired: boolean } | null }
>;
export type SetRoutingRules = Command<
  'SetRoutingRules',
  { tokenId: string; rules: readonly RoutingRule[]; profiles: Readonly<Record<string, { tokenId: string; retired: boolean } | null>> }
>;
/** Apple accepted (url) or removed (null) the token's account-driven enrollment profile. */
export type RecordAccountDrivenEnrollment = Command<
  'RecordAccountDrivenEnrollment',
  { tokenId: string; serviceDiscoveryUrl: string | null }
>;
export type RemoveToken = Command<'RemoveToken', { tokenId: string; dependents: { devices: number; profiles: number } }>;

export type TokenCommand =
  | IssueEncryptionKey
  | UploadServerToken
  | RecordAccountVerified
  | RecordAppleContact
  | CheckTokenExpiry
  | SetDefaultProfile
  | SetRoutingRules
  | RecordAccountDrivenEnrollment
  | RemoveToken;
