import { z } from 'zod';
import { routingRulesSchema } from '../profile/routing/routing-rules';
import type { Event } from '../events/event';
import { defineEvent } from '../serde/event-catalogue';
import { isoDate, tokenId, vaultRef } from '../serde/schemas';
import { streamPrefixes } from '../events/stream-names';

export const tokenEventDefinitions = [
  defineEvent({
    type: 'EncryptionKeyIssued',
    version: 1,
    aggregate: 'DepToken',
    description:
      'A key pair was generated for the token; the certificate (.pem) is what the administrator uploads to Apple. The private key stays in the vault.',
    schema: z.object({
      tokenId,
      keyId: z.string().min(1),
      certificatePem: z.string().startsWith('-----BEGIN CERTIFICATE-----'),
      fingerprint: z.string().regex(/^[0-9A-F]{64}$/),
      privateKeyRef: vaultRef,
      notAfter: isoDate,
    }),
  }),
  defineEvent({
    type: 'ServerTokenUploaded',
    version: 1,
    aggregate: 'DepToken',
    description: "The server token (.p7m) from Apple was decrypted with the token's key; its OAuth secrets went to the vault.",
    schema: z.object({
      tokenId,
      keyId: z.string().min(1),
      consumerKey: z.string().startsWith('CK_'),
      accessTokenExpiry: isoDate,
      appleIdRef: vaultRef,
      oauthSecretsRef: vaultRef,
    }),
  }),
  defineEvent({
    type: 'ServerTokenRenewed',
    version: 1,
    aggregate: 'DepToken',
    description: 'A new server token replaced the previous one, uploaded with the same Apple ID as the first upload.',
    schema: z.object({
      tokenId,
      keyId: z.string().min(1),
      consumerKey: z.string().startsWith('CK_'),
      accessTokenExpiry: isoDate,
      previousExpiry: isoDate,
      oauthSecretsRef: vaultRef,
    }),
  }),
  defineEvent({
    type: 'AccountVerified',
    version: 1,
    aggregate: 'DepToken',
    description: 'Apple answered GET /account with the token: the MDM server and organisation it belongs to.',
    schema: z.object({
      tokenId,
      serverName: z.string(),
      serverUuid: z.string(),
      orgName: z.string(),
      orgType: z.string().nullable(),
      adminIdRef: vaultRef.nullable(),
    }),
  }),
  defineEvent({
    type: 'TermsNotSigned',
    version: 1,
    aggregate: 'DepToken',
    description: 'Apple refused a call with T_C_NOT_SIGNED: an administrator must accept the new terms in Apple Business Manager.',
    schema: z.object({ tokenId, detectedAt: isoDate }),
  }),
  defineEvent({
    type: 'TermsAccepted',
    version: 1,
    aggregate: 'DepToken',
    description: 'A call succeeded again after terms were not signed: the terms were accepted.',
    schema: z.object({ tokenId, acceptedAt: isoDate }),
  }),
  defineEvent({
    type: 'TokenRejected',
    version: 1,
    aggregate: 'DepToken',
    description: 'Apple rejected the token (revoked, replaced by a newer download, or its Apple account removed). Upload a new token.',
    schema: z.object({
      tokenId,
      reason: z.enum(['token_rejected', 'signature_invalid', 'forbidden', 'access_denied']),
      detectedAt: isoDate,
    }),
  }),
  defineEvent({
    type: 'TokenExpiring',
    version: 1,
    aggregate: 'DepToken',
    description: 'The token crossed a warning threshold (30, 7 or 1 days before it expires).',
    schema: z.object({ tokenId, expiresAt: isoDate, threshold: z.number().int().positive(), daysLeft: z.number().int() }),
  }),
  defineEvent({
    type: 'TokenExpired',
    version: 1,
    aggregate: 'DepToken',
    description: 'The token passed its expiry date; it cannot sync until a renewed token is uploaded.',
    schema: z.object({ tokenId, expiredAt: isoDate }),
  }),
  defineEvent({
    type: 'DefaultProfileChanged',
    version: 1,
    aggregate: 'DepToken',
    description: "The token's default enrollment profile changed: new devices get it automatically.",
    schema: z.object({ tokenId, profileId: z.string().nullable(), previousProfileId: z.string().nullable() }),
  }),
  defineEvent({
    type: 'RoutingRulesSet',
    version: 1,
    aggregate: 'DepToken',
    description:
      "The token's routing rules changed: an ordered list of conditions (device family, OS, model, order number, serials) → profile, first match wins, the default profile after them.",
    schema: z.object({ tokenId, rules: routingRulesSchema }),
  }),
  defineEvent({
    type: 'AccountDrivenEnrollmentProfileSet',
    version: 1,
    aggregate: 'DepToken',
    description:
      "Apple accepted the token's account-driven enrollment profile (POST /account-driven-enrollment/profile): the MDM service discovery URL a user's device is sent to.",
    schema: z.object({ tokenId, serviceDiscoveryUrl: z.string().url(), previousUrl: z.string().nullable() }),
  }),
  defineEvent({
    type: 'AccountDrivenEnrollmentProfileRemoved',
    version: 1,
    aggregate: 'DepToken',
    description: "Apple removed the token's account-driven enrollment profile (DELETE /account-driven-enrollment/profile).",
    schema: z.object({ tokenId, previousUrl: z.string().nullable() }),
  }),
  defineEvent({
    type: 'TokenRemoved',
    version: 1,
    aggregate: 'DepToken',
    description: 'The token was removed from depledger (no device or profile pointed at it any more).',
    schema: z.object({ tokenId }),
  }),
] as const;

type DataOf<T extends string> = z.infer<Extract<(typeof tokenEventDefinitions)[number], { type: T }>['schema']>;
type TokenEventOf<T extends (typeof tokenEventDefinitions)[number]['type']> = Event<T, DataOf<T>>;

export type EncryptionKeyIssued = TokenEventOf<'EncryptionKeyIssued'>;
export type ServerTokenUploaded = TokenEventOf<'ServerTokenUploaded'>;
export type ServerTokenRenewed = TokenEventOf<'ServerTokenRenewed'>;
export type AccountVerified = TokenEventOf<'AccountVerified'>;
export type TermsNotSigned = TokenEventOf<'TermsNotSigned'>;
export type TermsAccepted = TokenEventOf<'TermsAccepted'>;
export type TokenRejected = TokenEventOf<'TokenRejected'>;
export type TokenExpiring = TokenEventOf<'TokenExpiring'>;
export type TokenExpired = TokenEventOf<'TokenExpired'>;
export type DefaultProfileChanged = TokenEventOf<'DefaultProfileChanged'>;
export type TokenRemoved = TokenEventOf<'TokenRemoved'>;
export type RoutingRulesSet = TokenEventOf<'RoutingRulesSet'>;
export type AccountDrivenEnrollmentProfileSet = TokenEventOf<'AccountDrivenEnrollmentProfileSet'>;
export type AccountDrivenEnrollmentProfileRemoved = TokenEventOf<'AccountDrivenEnrollmentProfileRemoved'>;

export type TokenEvent =
  | EncryptionKeyIssued
  | ServerTokenUploaded
  | ServerTokenRenewed
  | AccountVerified
  | TermsNotSigned
  | TermsAccepted
  | TokenRejected
  | TokenExpiring
  | TokenExpired
  | DefaultProfileChanged
  | RoutingRulesSet
  | AccountDrivenEnrollmentProfileSet
  | AccountDrivenEnrollmentProfileRemoved
  | TokenRemoved;

export const tokenStream = (id: string): string => `${streamPrefixes.token}${id}`;
