import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  isDepledgerError,
  tenantStream,
  type DepGateway,
  type StoredEvent,
  type TokenPki,
  type Vault,
} from '../index';

const plainPki: TokenPki = {
  generateKey: () => ({ certificatePem: 'CERT', privateKeyPem: 'KEY', fingerprint: 'A'.repeat(64), notAfter: '2027-01-01T00:00:00.000Z' }),
  decryptServerToken: () => {
    throw new Error('not in this spec');
  },
};
const noApple = {} as DepGateway;

const code = async (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => 'no error',
    (error: unknown) => (isDepledgerError(error) ? error.code : error),
  );

describe("the operator's tenants", () => {
  it('forgets a tenant once, with an event of non-personal facts, on a vault with a key per tenant', async () => {
    const store = createInMemoryEventStore();
    const vault = createInMemoryVault();
    const operator = createDepledger({ store, vault, pki: plainPki, gateway: noApple });
    const acme = operator.forTenant('acme');
    await acme.tokens.generateKey('paris');
    const person = await acme.vault.refForPersonalData('device-user', 'jeanne@acme.example');
    const kept = await operator.forTenant('globex').vault.putSecret('oauth-secrets', 'globex secret');

    const forgotten = await operator.tenants.forget('acme', { actor: 'admin:ops' });
    expect(forgotten).toEqual({ tenant: 'acme', entriesErased: 2, forgottenAt: expect.any(String), alreadyForgotten: false });
    expect(await acme.vault.reveal(person)).toBeNull();
    expect(await vault.reveal(kept)).toBe('globex secret');
    expect(await code(acme.tokens.generateKey('lyon'))).toBe('TENANT_FORGOTTEN');
    expect(await operator.tenants.forget('acme')).toEqual({ ...forgotten, alreadyForgotten: true });

    const events: StoredEvent[] = [];
    for await (const event of store.readStream(tenantStream('acme'))) events.push(event);
    expect(events.map((e) => [e.type, e.data, e.metadata.actor])).toEqual([
      ['TenantForgotten.v1', { tenantId: 'acme', forgottenAt: forgotten.forgottenAt, entriesErased: 2 }, 'admin:ops'],
    ]);
    expect((await operator.tenants.list()).map((t) => [t.tenant, t.entries, t.forgottenAt !== null])).toEqual([
      ['acme', 0, true],
      ['globex', 1, false],
    ]);
  });

  it('is the operator’s only, never forgets the default tenant, and needs a vault with tenant keys', async () => {
    const store = createInMemoryEventStore();
    const operator = createDepledger({ store, vault: createInMemoryVault(), pki: plainPki, gateway: noApple });
    expect(await code(operator.forTenant('acme').tenants.forget('globex'))).toBe('TENANT_SCOPE_VIOLATION');
    expect(await code(operator.forTenant('acme').tenants.list())).toBe('TENANT_SCOPE_VIOLATION');
    expect(await code(operator.tenants.forget('default'))).toBe('TENANT_NOT_FORGETTABLE');
    expect(await code(operator.tenants.forget('Acme Corp'))).toBe('TENANT_ID_INVALID');

    const { forgetTenant: _forget, listTenants: _list, ...plain } = createInMemoryVault();
    const withoutTenantKeys: Vault = plain;
    const other = createDepledger({ store: createInMemoryEventStore(), vault: withoutTenantKeys, pki: plainPki, gateway: noApple });
    expect(await code(other.tenants.forget('acme'))).toBe('VAULT_TENANT_KEYS_UNSUPPORTED');
  });
});
