import { randomUUID } from 'node:crypto';
import { isDepledgerError } from '../errors/depledger-error';
import { RuleViolation } from '../errors/rule-violation';
import { isGatewayError } from '../ports/gateway-error';
import type { VaultRef } from '../ports/vault';
import type { TokenEvent } from '../token/token-events';
import type { TokenState } from '../token/token-state';
import { commandMetadata, type ActorOptions, type ApplicationContext } from './application-context';
import { appleIdInput, parseInput, profileIdInput, routableDevicesInput, tokenIdInput } from './input';
import { activeOauthSecretsRef, decideToken, profileState, tokenState } from './streams';
import { tokenDependents } from './token-dependents';
import {
  routeDevice,
  routingRulesSchema,
  type RoutableDevice,
  type RouteDecision,
  type RoutingRuleInput,
} from '../profile/routing/routing-rules';
import { orderNumbersFromInventory, withOrderNumbers } from '../profile/routing/order-numbers';
import type { CandidateKey } from './token-pki';
import {
  readAccountDrivenEnrollment,
  removeAccountDrivenEnrollment,
  setAccountDrivenEnrollment,
  type AccountDrivenEnrollment,
} from './account-driven-enrollment';

export type IssuedKey = Readonly<{
  tokenId: string;
  keyId: string;
  certificatePem: string;
  fingerprint: string;
  notAfter: string;
  staged: boolean;
}>;

export type AccountCheck =
  Readonly<{ status: 'verified'; serverName: string; orgName: string }> | Readonly<{ status: 'failed'; code: string; message: string }>;

export type UploadedToken = Readonly<{
  tokenId: string;
  renewed: boolean;
  consumerKey: string;
  expiresAt: string;
  account: AccountCheck;
}>;

/** Who asked, and a way to stop waiting for Apple. */
type WithSignal = ActorOptions & { signal?: AbortSignal };

/**
 * `depledger.tokens`: the Intune document's steps 1–4 (key, server token, account) and the token's
 * life after them. Refusals of the rules throw a `RuleViolation` and record nothing.
 */
export interface TokenService {
  /**
   * Step 2: a new key pair. The certificate (`.pem`) goes to Apple's portal, the private key to the
   * vault (`EncryptionKeyIssued`). During a renewal (the token is active) the key is `staged`: the
   * current key keeps working until a server token decrypts with the new one. Because a new key on
   * an active token starts a renewal, it must be confirmed with `renew: true`.
   * @throws `RENEWAL_NOT_CONFIRMED`, `TOKEN_REMOVED`, `INVALID_INPUT`
   */
  generateKey(tokenId: string, options?: ActorOptions & { commonName?: string; renew?: boolean }): Promise<IssuedKey>;
  /**
   * Step 4: decrypts the server token (`.p7m`) with the token's key (a staged renewal key first),
   * keeps its OAuth secrets in the vault, records `ServerTokenUploaded` (or `ServerTokenRenewed`,
   * which must use the first upload's Apple ID), then checks the account with Apple.
   *
   * Apple unreachable or refusing does **not** lose the upload and does not throw: the token is
   * recorded and `account` is `{ status: 'failed', code, message }` (check again later with
   * `verifyAccount`). A file that cannot be used throws and records nothing.
   * @throws `TOKEN_NOT_FOUND`, `TOKEN_REMOVED`, `TOKEN_KEY_MISSING`, `SERVER_TOKEN_*`, `RENEWAL_APPLE_ID_MISMATCH`
   */
  upload(tokenId: string, p7m: string | Uint8Array, options: WithSignal & { appleId: string; replaces?: boolean }): Promise<UploadedToken>;
  /**
   * Asks Apple for the token's account (`GET /account`) and records `AccountVerified`, or what
   * Apple's refusal says about the token (terms not signed, rejected). Never throws for Apple's
   * answer: a failure is `{ status: 'failed', code, message }`.
   */
  verifyAccount(tokenId: string, options?: WithSignal): Promise<AccountCheck>;
  /** Records the 30/7/1-day warnings and the expiry as the clock passes them; returns the events recorded. */
  checkExpiry(tokenId: string, options?: ActorOptions): Promise<readonly TokenEvent[]>;
  /**
   * The corporate enrollment profile new devices get automatically (`null` clears it); the profile
   * must be published, not retired, and of this token.
   */
  setDefaultProfile(tokenId: string, profileId: string | null, options?: ActorOptions): Promise<readonly TokenEvent[]>;
  /**
   * Replaces the token's routing rules (`RoutingRulesSet`): ordered conditions → profile, first match
   * wins, the default profile after them. Each rule's profile must exist, belong to the token and not
   * be retired; bad rules are refused naming the field, and nothing is recorded.
   * @throws `INVALID_INPUT`, `PROFILE_NOT_FOUND`, `PROFILE_OF_OTHER_TOKEN`, `PROFILE_RETIRED`, `TOKEN_NOT_ACTIVE`
   */
  setRoutingRules(tokenId: string, rules: readonly RoutingRuleInput[], options?: ActorOptions): Promise<readonly TokenEvent[]>;
  /**
   * A dry run: which profile each device would get under the token's rules and default profile, and
   * why — the sync's own decision (`routeDevice`), on the same facts: a device given without an order
   * number gets the one the organisation's inventory records, when a rule looks at order numbers.
   * Records nothing and calls nobody. A device without a well-formed serial is refused naming it
   * (`devices.<n>.serial`).
   * @throws `INVALID_INPUT`, `TOKEN_NOT_FOUND`
   */
  route(tokenId: string, devices: readonly RoutableDevice[]): Promise<readonly RouteDecision[]>;
  /**
   * Sets the token's account-driven enrollment profile at Apple (the MDM service discovery URL a
   * user's device is sent to), then records `AccountDrivenEnrollmentProfileSet`. A URL that is not
   * absolute https is refused naming `serviceDiscoveryUrl`, and nothing is sent or recorded; so is a
   * token without a server token. Apple's refusals (`MDM_SERVICE_DISCOVERY_URL_NOT_VALID`,
   * `ORG_NOT_SUPPORTED`) are thrown as gateway errors and nothing is recorded.
   * @throws `INVALID_INPUT`, `TOKEN_NOT_UPLOADED`, `TOKEN_REMOVED`, `GATEWAY_*`
   */
  setAccountDrivenEnrollment(
    tokenId: string,
    serviceDiscoveryUrl: string,
    options?: ActorOptions & { signal?: AbortSignal },
  ): Promise<readonly TokenEvent[]>;
  /** What Apple holds as the token's account-driven enrollment profile (asked now), beside what depledger recorded. */
  accountDrivenEnrollment(tokenId: string, options?: { signal?: AbortSignal }): Promise<AccountDrivenEnrollment>;
  /** Removes the token's account-driven enrollment profile at Apple, then records `AccountDrivenEnrollmentProfileRemoved`. */
  removeAccountDrivenEnrollment(tokenId: string, options?: ActorOptions & { signal?: AbortSignal }): Promise<readonly TokenEvent[]>;
  /**
   * Removes the token (refused with `TOKEN_IN_USE` while devices or profiles point at it) and forgets
   * its secrets in the vault.
   */
  remove(tokenId: string, options?: ActorOptions): Promise<readonly TokenEvent[]>;
  /** The token's state, folded from its stream (`status: 'none'` for an unknown token). */
  state(tokenId: string): Promise<TokenState>;
  /** The vault reference of the token's OAuth secrets (its last upload), or `null` when it is not active. */
  oauthSecretsRef(tokenId: string): Promise<VaultRef | null>;
}

/** The vault references a token state still needs: its OAuth secrets and its current and staged keys' private keys. */
const secretsInUse = (state: TokenState): Set<string> => {
  const refs = new Set<string>();
  if (state.status === 'none' || state.status === 'removed') return refs;
  if (state.status === 'active') refs.add(state.oauthSecretsRef);
  for (const keyId of [state.currentKeyId, state.stagedKeyId]) {
    const key = keyId === null ? undefined : state.keys[keyId];
    if (key && key.privateKeyRef !== '') refs.add(key.privateKeyRef);
  }
  return refs;
};

const appleContactOutcome = (error: unknown) => {
  if (isGatewayError(error, 'terms_not_signed')) return 'terms_not_signed' as const;
  if (isGatewayError(error, 'token_rejected')) return 'token_rejected' as const;
  if (isGatewayError(error, 'access_denied')) return 'access_denied' as const;
  return null;
};

/** The Intune document's steps 1–4 and the token's life after them. */
export const createTokenService = (context: ApplicationContext): TokenService => {
  const requireKnown = async (tokenId: string): Promise<Exclude<TokenState, { status: 'none' | 'removed' }>> => {
    const state = await tokenState(context, tokenId);
    if (state.status === 'none') {
      throw new RuleViolation(
        'TOKEN_NOT_FOUND',
        `There is no token ${tokenId}: generate its encryption key first (key generate --token ${tokenId}).`,
        { tokenId },
      );
    }
    if (state.status === 'removed')
      throw new RuleViolation('TOKEN_REMOVED', `Token ${tokenId} was removed; use another token id.`, { tokenId });
    return state;
  };

  /**
   * Erases the secrets a change left unused: after a renewal the previous server token's OAuth
   * secrets and the previous key, a staged key replaced by a newer one, everything of a removed token.
   */
  const forgetSuperseded = async (tokenId: string, before: TokenState): Promise<void> => {
    const still = secretsInUse(await tokenState(context, tokenId));
    for (const ref of secretsInUse(before)) if (!still.has(ref)) await context.vault.forget(ref);
  };

  /**
   * A renewal must come from the MDM server the token already uses: Apple's account for the new
   * secrets (asked under a throwaway id) must name the same server. Refuses otherwise.
   */
  const sameMdmServer = async (tokenId: string, state: TokenState, secretsRef: string, signal?: AbortSignal): Promise<void> => {
    const known = state.status === 'active' ? state.account : null;
    if (known === null) return;
    const trialId = `renewal-check-${randomUUID()}`;
    context.trialSecrets.set(trialId, secretsRef);
    let serverUuid: string;
    let serverName: string;
    try {
      ({ serverUuid, serverName } = await context.gateway.account(trialId, signal));
    } catch (error) {
      throw new RuleViolation(
        'RENEWAL_SERVER_UNVERIFIED',
        `Apple could not confirm which MDM server this server token belongs to (${isDepledgerError(error) ? error.code : 'no answer'}): nothing was recorded; try again later.`,
        { tokenId },
      );
    } finally {
      context.trialSecrets.delete(trialId);
      await context.gateway.forgetSession?.(trialId);
    }
    if (serverUuid !== known.serverUuid) {
      throw new RuleViolation(
        'RENEWAL_SERVER_MISMATCH',
        `This server token belongs to MDM server "${serverName}" (${serverUuid}), not "${known.serverName}" (${known.serverUuid}) that token ${tokenId} uses: upload the renewal of "${known.serverName}", or confirm it replaces it with --replaces (replaces: true). Nothing was recorded.`,
        { tokenId, serverUuid, expectedServerUuid: known.serverUuid },
      );
    }
  };

  /** Checks the account with Apple and records the outcome; an unreachable Apple is reported, not thrown. */
  const verifyAccount = async (tokenId: string, options?: ActorOptions & { signal?: AbortSignal }): Promise<AccountCheck> => {
    const id = parseInput(tokenIdInput, tokenId, 'tokenId');
    try {
      const account = await context.gateway.account(id, options?.signal);
      const adminIdRef = account.adminId ? await context.vault.refForPersonalData('admin-email', account.adminId) : null;
      await decideToken(context, id, {
        type: 'RecordAccountVerified',
        data: {
          tokenId: id,
          serverName: account.serverName,
          serverUuid: account.serverUuid,
          orgName: account.orgName,
          orgType: account.orgType,
          adminIdRef,
        },
        metadata: commandMetadata(context, options, 'system:account-check'),
      });
      return { status: 'verified', serverName: account.serverName, orgName: account.orgName };
    } catch (error) {
      const outcome = appleContactOutcome(error);
      if (outcome) {
        await decideToken(context, id, {
          type: 'RecordAppleContact',
          data: { tokenId: id, outcome },
          metadata: commandMetadata(context, options, 'system:account-check'),
        });
      }
      if (isDepledgerError(error)) return { status: 'failed', code: error.code, message: error.message };
      throw error;
    }
  };

  return {
    async generateKey(tokenId: string, options?: ActorOptions & { commonName?: string; renew?: boolean }): Promise<IssuedKey> {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      const before = await tokenState(context, id);
      if (before.status === 'removed')
        throw new RuleViolation('TOKEN_REMOVED', `Token ${id} was removed; use another token id.`, { tokenId: id });
      if (before.status === 'active' && options?.renew !== true) {
        throw new RuleViolation(
          'RENEWAL_NOT_CONFIRMED',
          `Token ${id} has an active server token (until ${before.expiresAt}): a new key starts its renewal. Confirm with --renew (renew: true), or use another token id for a new MDM server. Nothing was recorded.`,
          { tokenId: id },
        );
      }
      const now = context.clock.now();
      const key = context.pki.generateKey({ commonName: options?.commonName ?? `depledger ${id}`, now });
      const privateKeyRef = await context.vault.putSecret('private-key', key.privateKeyPem);
      const keyId = randomUUID();
      await decideToken(context, id, {
        type: 'IssueEncryptionKey',
        data: {
          tokenId: id,
          keyId,
          certificatePem: key.certificatePem,
          fingerprint: key.fingerprint,
          privateKeyRef,
          notAfter: key.notAfter,
        },
        metadata: commandMetadata(context, options, 'admin:unknown'),
      });
      await forgetSuperseded(id, before);
      return {
        tokenId: id,
        keyId,
        certificatePem: key.certificatePem,
        fingerprint: key.fingerprint,
        notAfter: key.notAfter,
        staged: before.status === 'active',
      };
    },

    async upload(
      tokenId: string,
      p7m: string | Uint8Array,
      options: ActorOptions & { appleId: string; replaces?: boolean; signal?: AbortSignal },
    ): Promise<UploadedToken> {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      const appleId = parseInput(appleIdInput, options.appleId, 'appleId');
      const state = await requireKnown(id);
      const order = [state.stagedKeyId, state.currentKeyId].filter((k): k is string => k !== null);
      const candidates: CandidateKey[] = [];
      for (const keyId of order) {
        const key = state.keys[keyId];
        const privateKeyPem = key ? await context.vault.reveal(key.privateKeyRef) : null;
        if (key && privateKeyPem) candidates.push({ keyId, certificatePem: key.certificatePem, privateKeyPem });
      }
      if (candidates.length === 0) {
        throw new RuleViolation(
          'TOKEN_KEY_MISSING',
          `The private key of token ${id} is no longer in the vault: generate a new key and upload its .pem to Apple.`,
          { tokenId: id },
        );
      }
      const decrypted = context.pki.decryptServerToken(p7m, candidates, context.clock.now());
      const oauthSecretsRef = await context.vault.putSecret('oauth-secrets', decrypted.secretsForVault);
      const appleIdRef = await context.vault.refForPersonalData('apple-id', appleId);
      try {
        if (state.status === 'active' && options.replaces !== true) await sameMdmServer(id, state, oauthSecretsRef, options.signal);
        await decideToken(context, id, {
          type: 'UploadServerToken',
          data: {
            tokenId: id,
            keyId: decrypted.keyId,
            consumerKey: decrypted.consumerKey,
            accessTokenExpiry: decrypted.accessTokenExpiry,
            appleIdRef,
            oauthSecretsRef,
          },
          metadata: commandMetadata(context, options, 'admin:unknown'),
        });
      } catch (error) {
        await context.vault.forget(oauthSecretsRef); // nothing half-written: the refused token's secrets do not stay behind
        throw error;
      }
      await forgetSuperseded(id, state);
      if (state.status === 'active') await context.gateway.forgetSession?.(id);
      const account = await verifyAccount(id, options);
      return {
        tokenId: id,
        renewed: state.status === 'active',
        consumerKey: decrypted.consumerKey,
        expiresAt: decrypted.accessTokenExpiry,
        account,
      };
    },

    verifyAccount,

    async checkExpiry(tokenId: string, options?: ActorOptions) {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      return (
        await decideToken(context, id, {
          type: 'CheckTokenExpiry',
          data: { tokenId: id },
          metadata: commandMetadata(context, options, 'system:clock'),
        })
      ).events;
    },

    async setRoutingRules(tokenId: string, rules: readonly RoutingRuleInput[], options?: ActorOptions) {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      const parsed = parseInput(routingRulesSchema, rules, 'rules');
      const profiles: Record<string, { tokenId: string; retired: boolean } | null> = {};
      for (const { profileId } of parsed) {
        if (profileId in profiles) continue;
        const p = await profileState(context, profileId);
        profiles[profileId] = p.status === 'none' ? null : { tokenId: p.tokenId, retired: p.status === 'retired' };
      }
      return (
        await decideToken(context, id, {
          type: 'SetRoutingRules',
          data: { tokenId: id, rules: parsed, profiles },
          metadata: commandMetadata(context, options, 'admin:unknown'),
        })
      ).events;
    },

    setAccountDrivenEnrollment: (tokenId, url, options) => setAccountDrivenEnrollment(context, tokenId, url, options),
    accountDrivenEnrollment: (tokenId, options) => readAccountDrivenEnrollment(context, tokenId, options),
    removeAccountDrivenEnrollment: (tokenId, options) => removeAccountDrivenEnrollment(context, tokenId, options),

    async route(tokenId: string, devices: readonly RoutableDevice[]) {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      const given = parseInput(routableDevicesInput, devices, 'devices');
      const state = await requireKnown(id);
      const rules = state.status === 'active' ? (state.routingRules ?? []) : [];
      const defaultProfileId = state.status === 'active' ? state.defaultProfileId : null;
      // the facts the sync would route on: order numbers from the organisation's inventory when a rule needs them
      const known = await withOrderNumbers(rules, given, orderNumbersFromInventory(context.store, context.serde));
      return known.map((device) => routeDevice(rules, defaultProfileId, device));
    },

    async setDefaultProfile(tokenId: string, profileId: string | null, options?: ActorOptions) {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      const pid = profileId === null ? null : parseInput(profileIdInput, profileId, 'profileId');
      let profile: { tokenId: string; published: boolean; retired: boolean } | null = null;
      if (pid !== null) {
        const p = await profileState(context, pid);
        if (p.status !== 'none') profile = { tokenId: p.tokenId, published: p.status === 'published', retired: p.status === 'retired' };
      }
      return (
        await decideToken(context, id, {
          type: 'SetDefaultProfile',
          data: { tokenId: id, profileId: pid, profile },
          metadata: commandMetadata(context, options, 'admin:unknown'),
        })
      ).events;
    },

    async remove(tokenId: string, options?: ActorOptions) {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      const dependents = await tokenDependents(context, id);
      const before = await tokenState(context, id);
      const { events } = await decideToken(context, id, {
        type: 'RemoveToken',
        data: { tokenId: id, dependents },
        metadata: commandMetadata(context, options, 'admin:unknown'),
      });
      await forgetSuperseded(id, before);
      return events;
    },

    state: (tokenId: string) => tokenState(context, parseInput(tokenIdInput, tokenId, 'tokenId')),

    oauthSecretsRef: (tokenId: string): Promise<VaultRef | null> => activeOauthSecretsRef(context, tokenId),
  };
};
