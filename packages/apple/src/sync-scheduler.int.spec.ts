import { createAppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  createSyncScheduler,
  manualClock,
  type Depledger,
  type ScheduledOutcome,
} from '@depledger/core';
import { appleGateway, createAppleTokenPki } from './index';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The scheduler keeping a token in sync against the simulator over loopback HTTP, with depledger's
 * clock moved by hand: the first pass fetches every device, a day later a delta sync brings the
 * devices assigned at the portal meanwhile, and a week after the first fetch a full one runs again.
 */
describe('sync scheduler against the Apple simulator', () => {
  const simulator = createAppleSimulator();
  const clock = manualClock(new Date());
  let depledger: Depledger;

  beforeAll(async () => {
    const { url } = await simulator.start();
    const vault = createInMemoryVault();
    const gateway = appleGateway({ baseUrl: url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    depledger = createDepledger({ store: createInMemoryEventStore(), gateway, vault, clock, pki: createAppleTokenPki() });
  });
  afterAll(() => simulator.stop());

  it('fetches every device first, brings new ones a day later, and fetches everything again a week on', async () => {
    const key = await depledger.tokens.generateKey('lyon', { actor: 'admin:alice' });
    const issued = simulator.portal.addMdmServer({
      name: 'Lyon MDM',
      certificatePem: key.certificatePem,
      adminId: 'alice@contoso.example',
    });
    await depledger.tokens.upload('lyon', issued.p7m as string, { appleId: 'alice@contoso.example', actor: 'admin:alice' });
    const serials = simulator.devices.seed({ count: 30, seed: 11 });
    simulator.portal.assignDevices(issued.serverId, { serials: serials.slice(0, 20) });

    const outcomes: ScheduledOutcome[] = [];
    const scheduler = createSyncScheduler(depledger, { onOutcome: (o) => outcomes.push(o) });
    const first = await scheduler.runDue();
    expect(first.map((o) => `${o.task}:${o.status}`)).toEqual(['expiry_check:done', 'full_sync:done']);
    expect(first[1]?.sync).toMatchObject({ kind: 'full', fullFetchCompleted: true, counts: { added: 20 } });

    simulator.portal.assignDevices(issued.serverId, { serials: serials.slice(20, 25) });
    clock.advance(DAY);
    const delta = await scheduler.runDue();
    expect(delta.map((o) => `${o.task}:${o.status}`)).toEqual(['expiry_check:done', 'delta_sync:done']);
    expect(delta[1]?.sync).toMatchObject({ kind: 'incremental', counts: { added: 5 } });
    for (const serial of serials.slice(20, 25)) expect((await depledger.devices.state(serial)).status).toBe('assigned');

    for (let day = 2; day <= 7; day++) {
      clock.advance(DAY);
      await scheduler.runDue();
    }
    const syncs = outcomes.filter((o) => o.sync).map((o) => `${o.sync?.kind}:${o.status}`);
    expect(syncs).toEqual(['full:done', 'incremental:done', ...Array.from({ length: 5 }, () => 'incremental:done'), 'full:done']);
    expect(outcomes.at(-1)?.sync).toMatchObject({ kind: 'full', fullFetchCompleted: true, counts: { received: 25 } });
  });
});
