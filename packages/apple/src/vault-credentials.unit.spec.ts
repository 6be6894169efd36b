import { createInMemoryVault, isDepledgerError } from '@depledger/core';
import { credentialsFromVault, oauthSecretsForVault } from './index';
import { testCredentials } from './test-support/recorded-apple';

describe('credentials kept in the vault', () => {
  it('round-trips the OAuth secrets through the vault', async () => {
    const vault = createInMemoryVault();
    const decrypted = { ...testCredentials, accessTokenExpiry: '2027-01-01T00:00:00Z' }; // what decryptServerToken gives
    const ref = await vault.putSecret('oauth-secrets', oauthSecretsForVault(decrypted));
    const credentials = credentialsFromVault(vault, async (tokenId) => (tokenId === 'acme' ? ref : null));
    expect(await credentials('acme')).toEqual(testCredentials);
    expect(await credentials('other')).toBeNull();
    await vault.forget(ref);
    expect(await credentials('acme')).toBeNull();
  });

  it('says when the stored value is not OAuth secrets, without showing it', async () => {
    const vault = createInMemoryVault();
    const ref = await vault.putSecret('oauth-secrets', JSON.stringify({ consumer_key: 'CK_1', consumer_secret: 'S3CRET' }));
    const error = await credentialsFromVault(vault, async () => ref)('acme').catch((e: unknown) => e);
    expect(isDepledgerError(error, 'OAUTH_SECRETS_UNREADABLE')).toBe(true);
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('S3CRET');
  });
});
