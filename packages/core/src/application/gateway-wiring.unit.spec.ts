import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  manualClock,
  type DepGateway,
  type GatewayWiring,
  type TokenPki,
} from '../index';

/** Key generation and decryption stand-ins: the "p7m" is the OAuth secrets' JSON itself. */
const plainPki: TokenPki = {
  generateKey: () => ({ certificatePem: 'CERT', privateKeyPem: 'KEY', fingerprint: 'A'.repeat(64), notAfter: '2027-01-01T00:00:00.000Z' }),
  decryptServerToken: (p7m, candidates) => ({
    keyId: candidates[0]!.keyId,
    consumerKey: 'CK_1',
    accessTokenExpiry: '2027-01-01T00:00:00.000Z',
    secretsForVault: String(p7m),
  }),
};

/** A gateway whose account check answers and whose other calls are not part of these tests. */
const accountOnlyGateway = (): DepGateway => {
  const unused = () => Promise.reject(new Error('not in these tests'));
  return {
    account: async () => ({
      serverName: 'Paris MDM',
      serverUuid: 'S1',
      orgName: 'Contoso',
      orgId: null,
      orgType: null,
      orgVersion: null,
      adminId: null,
      pageLimits: { fetch: null, sync: null },
    }),
    fetchDevices: unused,
    syncDevices: unused,
    deviceDetails: unused,
    defineProfile: unused,
    assignProfile: unused,
    removeProfile: unused,
    disownDevices: unused,
    setAccountDrivenEnrollmentProfile: unused,
    accountDrivenEnrollmentProfile: unused,
    removeAccountDrivenEnrollmentProfile: unused,
    escrowActivationLock: unused,
    replacementDetails: unused,
  };
};

describe('createDepledger: the gateway option', () => {
  it('calls a factory once, with its vault, its clock and a lookup of each token’s OAuth secrets as last uploaded', async () => {
    const vault = createInMemoryVault();
    const clock = manualClock('2026-01-05T09:00:00Z');
    const wirings: GatewayWiring[] = [];
    const depledger = createDepledger({
      store: createInMemoryEventStore(),
      vault,
      clock,
      pki: plainPki,
      gateway: (wiring) => {
        wirings.push(wiring);
        return accountOnlyGateway();
      },
    });
    expect(wirings).toHaveLength(1);
    const [wiring] = wirings;
    expect(wiring!.vault).toBe(vault);
    expect(wiring!.clock).toBe(clock);

    await depledger.tokens.generateKey('paris', { actor: 'admin:alice' });
    expect(await wiring!.oauthSecretsRef('paris')).toBeNull(); // a key, no server token yet
    const uploaded = await depledger.tokens.upload('paris', '{"secret":"first"}', {
      appleId: 'alice@contoso.example',
      actor: 'admin:alice',
    });
    expect(uploaded.account).toEqual({ status: 'verified', serverName: 'Paris MDM', orgName: 'Contoso' });

    const ref = await wiring!.oauthSecretsRef('paris');
    expect(ref).toEqual(await depledger.tokens.oauthSecretsRef('paris'));
    expect(await vault.reveal(ref!)).toBe('{"secret":"first"}');
    expect(await wiring!.oauthSecretsRef('lyon')).toBeNull(); // unknown token

    await depledger.tokens.upload('paris', '{"secret":"renewed"}', { appleId: 'alice@contoso.example', actor: 'admin:alice' });
    const renewed = await wiring!.oauthSecretsRef('paris');
    expect(renewed).not.toEqual(ref);
    expect(await vault.reveal(renewed!)).toBe('{"secret":"renewed"}');
  });

  it('uses a ready gateway object as it is', async () => {
    const gateway = accountOnlyGateway();
    const calls: string[] = [];
    const watched: DepGateway = { ...gateway, account: (tokenId, signal) => (calls.push(tokenId), gateway.account(tokenId, signal)) };
    const depledger = createDepledger({ store: createInMemoryEventStore(), vault: createInMemoryVault(), pki: plainPki, gateway: watched });
    await depledger.tokens.generateKey('paris');
    await depledger.tokens.upload('paris', '{}', { appleId: 'alice@contoso.example' });
    expect(calls).toEqual(['paris']);
  });
});
