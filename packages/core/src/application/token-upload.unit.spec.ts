import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  GatewayError,
  tokenStream,
  type DepGateway,
  type TokenPki,
} from '../index';

const plainPki: TokenPki = {
  generateKey: () => ({ certificatePem: 'CERT', privateKeyPem: 'KEY', fingerprint: 'A'.repeat(64), notAfter: '2027-01-01T00:00:00.000Z' }),
  decryptServerToken: (p7m, candidates) => ({
    keyId: candidates[0]!.keyId,
    consumerKey: 'CK_1',
    accessTokenExpiry: '2099-01-01T00:00:00.000Z',
    secretsForVault: String(p7m),
  }),
};

/** An Apple that never answers: every call fails as the gateway reports an unreachable Apple. */
const unreachableApple = (): DepGateway => {
  const down = () =>
    Promise.reject(new GatewayError('unavailable', "Apple's DEP service is unavailable after 4 attempts. Try again later."));
  return {
    account: down,
    fetchDevices: down,
    syncDevices: down,
    deviceDetails: down,
    defineProfile: down,
    assignProfile: down,
    removeProfile: down,
    disownDevices: down,
    setAccountDrivenEnrollmentProfile: down,
    accountDrivenEnrollmentProfile: down,
    removeAccountDrivenEnrollmentProfile: down,
    escrowActivationLock: down,
    replacementDetails: down,
  };
};

describe('tokens.upload with Apple unreachable', () => {
  it('records the token and returns a failed account check instead of throwing', async () => {
    const store = createInMemoryEventStore();
    const depledger = createDepledger({ store, vault: createInMemoryVault(), pki: plainPki, gateway: unreachableApple() });
    await depledger.tokens.generateKey('paris', { actor: 'admin:alice' });

    const uploaded = await depledger.tokens.upload('paris', '{"secret":"s"}', { appleId: 'alice@contoso.example', actor: 'admin:alice' });

    expect(uploaded).toMatchObject({ tokenId: 'paris', renewed: false, consumerKey: 'CK_1', expiresAt: '2099-01-01T00:00:00.000Z' });
    expect(uploaded.account).toEqual({
      status: 'failed',
      code: 'GATEWAY_UNAVAILABLE',
      message: "Apple's DEP service is unavailable after 4 attempts. Try again later.",
    });
    expect((await depledger.tokens.state('paris')).status).toBe('active');
    const types: string[] = [];
    for await (const event of store.readStream(tokenStream('paris'))) types.push(event.type);
    expect(types).toEqual(['EncryptionKeyIssued.v1', 'ServerTokenUploaded.v1']);
    // verifyAccount answers the same way: a result, not an exception.
    expect(await depledger.tokens.verifyAccount('paris')).toMatchObject({ status: 'failed', code: 'GATEWAY_UNAVAILABLE' });
  });
});
