import { z } from 'zod';
import { DepledgerError, type Vault, type VaultRef } from '@depledger/core';
import type { OAuthCredentials } from './pki/server-token';
import type { CredentialsSource } from './session/session';

/** How a token's OAuth secrets are kept in the vault: Apple's own JSON field names. */
const vaultValueSchema = z.object({
  consumer_key: z.string().startsWith('CK_'),
  consumer_secret: z.string().startsWith('CS_'),
  access_token: z.string().startsWith('AT_'),
  access_secret: z.string().startsWith('AS_'),
});

/** The vault value for a token's OAuth secrets (store it with `vault.putSecret('oauth-secrets', …)`). */
export const oauthSecretsForVault = (credentials: OAuthCredentials): string =>
  JSON.stringify({
    consumer_key: credentials.consumerKey,
    consumer_secret: credentials.consumerSecret,
    access_token: credentials.accessToken,
    access_secret: credentials.accessSecret,
  });

/**
 * A `credentials` source for the client and the gateway that reads each token's OAuth secrets
 * from the vault. `secretsRefOf` finds the token's vault reference (the `oauthSecretsRef` of its
 * last upload); no reference, or a forgotten value, means the token has no credentials.
 */
export const credentialsFromVault = (
  vault: Pick<Vault, 'reveal'>,
  secretsRefOf: (tokenId: string) => Promise<VaultRef | null | undefined>,
): CredentialsSource => {
  return async (tokenId) => {
    const ref = await secretsRefOf(tokenId);
    if (!ref) return null;
    const value = await vault.reveal(ref);
    if (value === null) return null;
    let parsed: z.infer<typeof vaultValueSchema> | undefined;
    try {
      parsed = vaultValueSchema.safeParse(JSON.parse(value)).data;
    } catch {
      parsed = undefined;
    }
    if (!parsed) {
      throw new DepledgerError(
        'OAUTH_SECRETS_UNREADABLE',
        `The OAuth secrets stored for token ${tokenId} cannot be read (${ref}). Upload the server token (.p7m) again.`,
        { tokenId, ref },
      );
    }
    return {
      consumerKey: parsed.consumer_key,
      consumerSecret: parsed.consumer_secret,
      accessToken: parsed.access_token,
      accessSecret: parsed.access_secret,
    };
  };
};
