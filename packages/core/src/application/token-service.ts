import { randomUUID } from 'node:crypto';
import { isDepledgerError } from '../errors/depledger-error';
import { RuleViolation } from '../errors/rule-violation';
import { isGatewayError } from '../ports/gateway-error';
import type { VaultRef } from '../ports/vault';
import type { TokenState } from '../token/token-state';
import { commandMetadata, type ActorOptions, type ApplicationContext } from './application-context';
import { appleIdInput, parseInput, profileIdInput, tokenIdInput } from './input';
import { activeOauthSecretsRef, decideToken, profileState, tokenState } from './streams';
import { tokenDependents } from './token-dependents';
import type { CandidateKey } from './token-pki';

export type IssuedKey = Readonly<{ tokenId: string; keyId: string; certificatePem: string; fingerprint: string; notAfter: string; staged: boolean }>;

export type AccountCheck =
  | Readonly<{ status: 'verified'; serverName: string; orgName: string }>
  | Readonly<{ status: 'failed'; code: string; message: string }>;

export type UploadedToken = Readonly<{
  tokenId: string;
  renewed: boolean;
  consumerKey: string;
  expiresAt: string;
  account: AccountCheck;
}>;

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
export const createTokenService = (context: ApplicationContext) => {
  const requireKnown = async (tokenId: string): Promise<Exclude<TokenState, { status: 'none' | 'removed' }>> => {
    const state = await tokenState(context, tokenId);
    if (state.status === 'none') {
      throw new RuleViolation('TOKEN_NOT_FOUND', `There is no token ${tokenId}: generate its encryption key first (key generate --token ${tokenId}).`, { tokenId });
    }
    if (state.status === 'removed') throw new RuleViolation('TOKEN_REMOVED', `Token ${tokenId} was removed; use another token id.`, { tokenId });
    return state;
  };

  /** Checks the account with Apple and records the outcome; an unreachable Apple is reported, not thrown. */
  /**
   * Erases the secrets a change left unused: after a renewal the previous server token's OAuth
   * secrets and the previous key, a staged key replaced by a newer one, everything of a removed token.
   */
  const forgetSuperseded = async (tokenId: string, before: TokenState): Promise<void> => {
    const still = secretsInUse(await tokenState(context, tokenId));
    for (const ref of secretsInUse(before)) if (!still.has(ref)) await context.vault.forget(ref);
  };

  const verifyAccount = async (tokenId: string, options?: ActorOptions & { signal?: AbortSignal }): Promise<AccountCheck> => {
    const id = parseInput(tokenIdInput, tokenId, 'tokenId');
    try {
      const account = await context.gateway.account(id, options?.signal);
      const adminIdRef = account.adminId ? await context.vault.refForPersonalData('admin-email', account.adminId) : null;
      await decideToken(context, id, {
        type: 'RecordAccountVerified',
        data: { tokenId: id, serverName: account.serverName, serverUuid: account.serverUuid, orgName: account.orgName, orgType: account.orgType, adminIdRef },
        metadata: commandMetadata(context, options, 'system:account-check'),
      });
      return { status: 'verified', serverName: account.serverName, orgName: account.orgName };
    } catch (error) {
      const outcome = appleContactOutcome(error);
      if (outcome) {
        await decideToken(context, id, { type: 'RecordAppleContact', data: { tokenId: id, outcome }, metadata: commandMetadata(context, options, 'system:account-check') });
      }
      if (isDepledgerError(error)) return { status: 'failed', code: error.code, message: error.message };
      throw error;
    }
  };

  return {
    /** Step 2: a new key pair; the certificate (.pem) goes to Apple, the private key to the vault. During a renewal the new key is staged. */
    async generateKey(tokenId: string, options?: ActorOptions & { commonName?: string }): Promise<IssuedKey> {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      const before = await tokenState(context, id);
      if (before.status === 'removed') throw new RuleViolation('TOKEN_REMOVED', `Token ${id} was removed; use another token id.`, { tokenId: id });
      const now = context.clock.now();
      const key = context.pki.generateKey({ commonName: options?.commonName ?? `depledger ${id}`, now });
      const privateKeyRef = await context.vault.putSecret('private-key', key.privateKeyPem);
      const keyId = randomUUID();
      await decideToken(context, id, {
        type: 'IssueEncryptionKey',
        data: { tokenId: id, keyId, certificatePem: key.certificatePem, fingerprint: key.fingerprint, privateKeyRef, notAfter: key.notAfter },
        metadata: commandMetadata(context, options, 'admin:unknown'),
      });
      await forgetSuperseded(id, before);
      return { tokenId: id, keyId, certificatePem: key.certificatePem, fingerprint: key.fingerprint, notAfter: key.notAfter, staged: before.status === 'active' };
    },

    /**
     * Step 4: decrypts the server token with the token's key (a staged renewal key first), keeps the
     * OAuth secrets in the vault and records the upload; renewals must use the first upload's Apple ID.
     * Then checks the account with Apple: an unreachable Apple does not lose the upload.
     */
    async upload(tokenId: string, p7m: string | Uint8Array, options: ActorOptions & { appleId: string; signal?: AbortSignal }): Promise<UploadedToken> {
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
        throw new RuleViolation('TOKEN_KEY_MISSING', `The private key of token ${id} is no longer in the vault: generate a new key and upload its .pem to Apple.`, { tokenId: id });
      }
      const decrypted = context.pki.decryptServerToken(p7m, candidates, context.clock.now());
      const oauthSecretsRef = await context.vault.putSecret('oauth-secrets', decrypted.secretsForVault);
      const appleIdRef = await context.vault.refForPersonalData('apple-id', appleId);
      try {
        await decideToken(context, id, {
          type: 'UploadServerToken',
          data: { tokenId: id, keyId: decrypted.keyId, consumerKey: decrypted.consumerKey, accessTokenExpiry: decrypted.accessTokenExpiry, appleIdRef, oauthSecretsRef },
          metadata: commandMetadata(context, options, 'admin:unknown'),
        });
      } catch (error) {
        await context.vault.forget(oauthSecretsRef); // nothing half-written: the refused token's secrets do not stay behind
        throw error;
      }
      await forgetSuperseded(id, state);
      const account = await verifyAccount(id, options);
      return { tokenId: id, renewed: state.status === 'active', consumerKey: decrypted.consumerKey, expiresAt: decrypted.accessTokenExpiry, account };
    },

    verifyAccount,

    /** Records the 30/7/1-day warnings and the expiry as the clock passes them. */
    async checkExpiry(tokenId: string, options?: ActorOptions) {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      return (await decideToken(context, id, { type: 'CheckTokenExpiry', data: { tokenId: id }, metadata: commandMetadata(context, options, 'system:clock') })).events;
    },

    /** The corporate enrollment profile new devices get automatically (null clears it). */
    async setDefaultProfile(tokenId: string, profileId: string | null, options?: ActorOptions) {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      const pid = profileId === null ? null : parseInput(profileIdInput, profileId, 'profileId');
      let profile: { tokenId: string; published: boolean; retired: boolean } | null = null;
      if (pid !== null) {
        const p = await profileState(context, pid);
        if (p.status !== 'none') profile = { tokenId: p.tokenId, published: p.status === 'published', retired: p.status === 'retired' };
      }
      return (await decideToken(context, id, { type: 'SetDefaultProfile', data: { tokenId: id, profileId: pid, profile }, metadata: commandMetadata(context, options, 'admin:unknown') })).events;
    },

    async remove(tokenId: string, options?: ActorOptions) {
      const id = parseInput(tokenIdInput, tokenId, 'tokenId');
      const dependents = await tokenDependents(context, id);
      const before = await tokenState(context, id);
      const { events } = await decideToken(context, id, { type: 'RemoveToken', data: { tokenId: id, dependents }, metadata: commandMetadata(context, options, 'admin:unknown') });
      await forgetSuperseded(id, before);
      return events;
    },

    state: (tokenId: string) => tokenState(context, parseInput(tokenIdInput, tokenId, 'tokenId')),

    /** The vault reference of the token's OAuth secrets, for the gateway's credentials. */
    oauthSecretsRef: (tokenId: string): Promise<VaultRef | null> => activeOauthSecretsRef(context, tokenId),
  };
};

export type TokenService = ReturnType<typeof createTokenService>;
