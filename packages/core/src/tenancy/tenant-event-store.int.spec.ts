import { createInMemoryEventStore } from '../store/in-memory-event-store';
import type { EventStore, StoredEvent, StoredEventInput } from '../ports/event-store';
import { isDepledgerError } from '../errors';
import { defaultTenant, parseTenantId } from './tenant-id';
import { scopeEventStore, tenantOfStore } from './tenant-event-store';
import { scopeVault } from './tenant-vault';
import { createInMemoryVault } from '../vault/in-memory-vault';

const event = (id: string): StoredEventInput => ({
  type: 'Noted.v1',
  data: { id },
  metadata: {
    eventId: id,
    occurredAt: '2026-12-06T10:00:00.000Z',
    actor: 'admin:test',
    correlationId: id,
    causationId: null,
    tokenId: null,
  },
});

const collect = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
};

const codeOf = async (attempt: () => unknown): Promise<unknown> => {
  try {
    await attempt();
    return null;
  } catch (error) {
    return isDepledgerError(error) ? error.code : error;
  }
};

describe('a store scoped to a tenant', () => {
  let raw: EventStore;
  let plain: EventStore;
  let acme: EventStore;

  beforeEach(async () => {
    raw = createInMemoryEventStore();
    plain = scopeEventStore(raw, defaultTenant);
    acme = scopeEventStore(raw, 'acme');
    // interleaved: default, acme, default, acme... with the same event ids on both sides
    for (let i = 0; i < 6; i++) {
      await plain.appendToStream(`dep-device-S${i}`, [event(`e${i}`)], { expectedRevision: 'any' });
      await acme.appendToStream(`dep-device-S${i}`, [event(`e${i}`)], { expectedRevision: 'any' });
    }
  });

  it('stores a tenant’s streams and ids under its prefix, and hands them back without it', async () => {
    const stored = await collect(raw.readAll());
    // acme's first event recorded acme in the operator's register first, once
    expect(stored).toHaveLength(13);
    expect(stored[1]).toMatchObject({ streamName: 'tenant-~register', type: 'TenantRecorded.v1', data: { tenantId: 'acme' } });
    expect(stored[2]).toMatchObject({ streamName: 'tenant-acme~dep-device-S0', metadata: { eventId: 'tenant-acme~e0', tenantId: 'acme' } });
    const seen = await collect(acme.readStream('dep-device-S0'));
    expect(seen).toEqual([
      expect.objectContaining({ streamName: 'dep-device-S0', metadata: expect.objectContaining({ eventId: 'e0', tenantId: 'acme' }) }),
    ]);
    expect(await acme.streamRevision('dep-device-S5')).toBe(0);
    expect(tenantOfStore(acme)).toBe('acme');
  });

  it('hands many streams over at once under the tenant’s names, where the store can', async () => {
    const memory = createInMemoryEventStore();
    const asked: string[][] = [];
    const many: EventStore = {
      ...memory,
      readStreamsInMemory: (names) => (asked.push([...names]), names.map((name) => memory.readStreamInMemory!(name))),
    };
    await scopeEventStore(many, 'acme').appendToStream('dep-device-S1', [event('a1')], { expectedRevision: 'any' });
    await scopeEventStore(many, defaultTenant).appendToStream('dep-device-S1', [event('d1')], { expectedRevision: 'any' });
    const fromAcme = scopeEventStore(many, 'acme').readStreamsInMemory!(['dep-device-S1', 'dep-device-S2']);
    expect(fromAcme.map((events) => events?.map((e) => [e.streamName, e.metadata.eventId]))).toEqual([[['dep-device-S1', 'a1']], []]);
    const fromDefault = scopeEventStore(many, defaultTenant).readStreamsInMemory!(['dep-device-S1']);
    expect(fromDefault.map((events) => events?.map((e) => e.metadata.eventId))).toEqual([['d1']]);
    expect(asked).toEqual([['tenant-acme~dep-device-S1', 'tenant-acme~dep-device-S2'], ['dep-device-S1']]);
    expect(scopeEventStore(raw, 'acme').readStreamsInMemory).toBeUndefined();
  });

  it('reads, pages and subscribes the default tenant without the others, counting only its own events', async () => {
    for (const prefixes of [undefined, [], ['dep-'], ['t'], ['tenant-acme~']]) {
      const all = await collect(plain.readAll({ ...(prefixes ? { streamPrefixes: prefixes } : {}) }));
      expect(all.every((e) => !e.streamName.startsWith('tenant-'))).toBe(true);
      const two = await collect(plain.readAll({ maxCount: 2, ...(prefixes ? { streamPrefixes: prefixes } : {}) }));
      expect(two).toHaveLength(Math.min(2, all.length));
    }
    const page = await plain.readAllPage!({ after: 0, maxCount: 4 });
    expect(page.map((e) => e.metadata.eventId)).toEqual(['e0', 'e1', 'e2', 'e3']);
    const subscription = plain.subscribe({ maxCount: 3 });
    expect((await collect(subscription)).map((e) => e.metadata.eventId)).toEqual(['e0', 'e1', 'e2']);
    const acmeFeed = acme.subscribe({ after: 5, maxCount: 2 }); // after acme's e1 (position 5: the register's event is 2)
    const fromAcme = await collect(acmeFeed);
    expect(fromAcme.map((e) => [e.streamName, e.metadata.eventId])).toEqual([
      ['dep-device-S2', 'e2'],
      ['dep-device-S3', 'e3'],
    ]);
  });

  it('refuses names of other tenants, and scoping a scoped store again to another tenant', async () => {
    expect(await codeOf(() => collect(plain.readStream('tenant-acme~dep-device-S0')))).toBe('TENANT_SCOPE_VIOLATION');
    expect(await codeOf(() => plain.appendToStream('tenant-acme~x', [event('z')], { expectedRevision: 'any' }))).toBe(
      'TENANT_SCOPE_VIOLATION',
    );
    expect(await codeOf(() => scopeEventStore(acme, 'globex'))).toBe('TENANT_SCOPE_VIOLATION');
    expect(scopeEventStore(acme, 'acme')).toBe(acme);
    // a name that looks like another tenant's is just a name inside acme
    expect(await collect(acme.readStream('tenant-globex~dep-device-S0'))).toEqual([]);
    expect(
      await codeOf(() =>
        acme.appendToStream('x', [{ ...event('y'), metadata: { ...event('y').metadata, tenantId: 'globex' } }], {
          expectedRevision: 'any',
        }),
      ),
    ).toBe('TENANT_SCOPE_VIOLATION');
  });

  it('keeps vault entries of a tenant under its kind, refusing others’ references', async () => {
    const vault = createInMemoryVault();
    const acmeVault = scopeVault(vault, 'acme');
    const globexVault = scopeVault(vault, 'globex');
    const ref = await acmeVault.refForPersonalData('apple-id', 'it@example.com');
    expect(ref.startsWith('vault:tenant-acme--apple-id:')).toBe(true);
    expect(await globexVault.refForPersonalData('apple-id', 'it@example.com')).not.toBe(ref);
    expect(await acmeVault.reveal(ref)).toBe('it@example.com');
    expect(await codeOf(() => globexVault.reveal(ref))).toBe('TENANT_SCOPE_VIOLATION');
    expect(await codeOf(() => globexVault.forget(ref))).toBe('TENANT_SCOPE_VIOLATION');
    expect(scopeVault(vault, defaultTenant)).toBe(vault);
  });

  it('accepts tenant ids of lower-case words joined by single hyphens only', () => {
    for (const good of ['acme', 'lycee-jean-moulin', 'a1', 'x'.repeat(40)]) expect(parseTenantId(good)).toBe(good);
    for (const bad of ['', 'Acme', 'a--b', '-a', 'a-', 'a~b', 'a_b', 'x'.repeat(41), 'tenant acme']) {
      expect(() => parseTenantId(bad)).toThrow(expect.objectContaining({ code: 'TENANT_ID_INVALID' }));
    }
  });
});
