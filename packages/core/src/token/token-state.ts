import type { RoutingRule } from '../profile/routing/routing-rules';
export type TokenKey = Readonly<{ keyId: string; fingerprint: string; certificatePem: string; privateKeyRef: string; notAfter: string }>;

type WithKeys = Readonly<{
  tokenId: string;
  /** Keys by id: the current one (that decrypted the live token) and, during a renewal, a staged one. */
  keys: Readonly<Record<string, TokenKey>>;
  currentKeyId: string;
  stagedKeyId: string | null;
}>;

export type ActiveToken = WithKeys &
  Readonly<{
    status: 'active';
    consumerKey: string;
    expiresAt: string;
    /** The Apple ID of the first upload: renewals must use the same one. */
    appleIdRef: string;
    oauthSecretsRef: string;
    uploadedAt: string;
    renewedAt: string | null;
    account: Readonly<{ serverName: string; serverUuid: string; orgName: string; orgType: string | null }> | null;
    termsNotSignedSince: string | null;
    rejectedSince: string | null;
    rejectedReason: string | null;
    expiredAt: string | null;
    warnedThresholds: readonly number[];
    defaultProfileId: string | null;
    /** Routing rules, first match wins, before the default profile (absent until set). */
    routingRules?: readonly RoutingRule[];
    /** The account-driven enrollment profile Apple holds for the token's MDM server (absent or null: none recorded). */
    accountDrivenEnrollment?: Readonly<{ serviceDiscoveryUrl: string; setAt: string }> | null;
  }>;

export type TokenState =
  | Readonly<{ status: 'none' }>
  | (WithKeys & Readonly<{ status: 'key_issued' }>)
  | ActiveToken
  | Readonly<{ status: 'removed'; tokenId: string }>;
