import type { FaultChanges } from '@depledger/apple-simulator';
import type { SyncRunResult } from '@depledger/core';
import { deviceStatusDocs, disagreements, doubledDeviceEvents, runUntilCompleted, startFleet, TOKEN, type Fleet } from './fleet';

/**
 * Issue 10, "Apple misbehaving": a full and an incremental sync through the real gateway, over
 * loopback HTTP, into SQLite, while the simulator misbehaves — each fault alone, then all together.
 * Correct = the device-status read model agrees with the simulator on every device (on our server
 * or released, with the profile Apple holds), and no Apple fact is stored twice.
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const INITIAL = 60;
const ADDED = 24;
const THROTTLE_SECONDS = 3600;
const DAY_MS = 24 * 3600 * 1000;

type Scenario = Readonly<{
  name: string;
  faults: FaultChanges;
  /** Put some of the newly added devices under Apple's assignment throttle. */
  throttle?: boolean;
  /** Make the next N cursor-carrying requests answer with the same cursor (per sync). */
  repeatCursor?: number;
}>;

const serverErrors = { serverErrors: { share: 0.1, status: 503, seed: 17 } };
const latency = { latencyMs: 15 };
const drops = { dropConnections: { share: 0.1, seed: 23 } };
const sessions = { sessionExpiryEveryRequests: 3 };
const hide = { hideThrottledFromSync: true };

const scenarios: Scenario[] = [
  { name: '5xx on 10% of requests', faults: serverErrors },
  { name: 'latency on every answer', faults: latency },
  { name: 'dropped connections', faults: drops },
  { name: 'the session expires every 3 requests', faults: sessions },
  { name: 'a repeating cursor', faults: {}, repeatCursor: 1 },
  { name: 'throttled assignments', faults: {}, throttle: true },
  { name: 'throttled devices hidden from the feed', faults: hide, throttle: true },
  {
    name: 'all of them together',
    faults: { ...serverErrors, ...latency, ...drops, ...sessions, ...hide },
    throttle: true,
    repeatCursor: 1,
  },
];

describe.each(scenarios)('Apple misbehaving: $name', (scenario) => {
  let fleet: Fleet;
  const log: string[] = [];
  const note = (label: string, results: readonly SyncRunResult[]) =>
    log.push(
      `${label}: ${results.map((r) => `${r.status}/${r.outcome ?? r.error?.code ?? r.refusal?.reason ?? '-'} (${r.pages} pages)`).join(', ')}`,
    );
  const context = () => ({ scenario: scenario.name, runs: log });

  const seen = { serverErrors: 0, drops: 0, sessionsRefused: 0 };
  beforeAll(async () => {
    fleet = await startFleet({
      devices: INITIAL,
      pageLimit: 10,
      gateway: {
        observe: (event) => {
          if (event.type === 'retry' && event.httpStatus !== null && event.httpStatus >= 500) seen.serverErrors += 1;
          if (event.type === 'retry' && event.httpStatus === null) seen.drops += 1;
          if (event.type === 'session-refused') seen.sessionsRefused += 1;
        },
      },
    });
    fleet.simulator.faults.set(scenario.faults);
  });
  afterAll(async () => {
    await fleet.close();
    if (process.env.DEPLEDGER_RELIABILITY_FIGURES)
      process.stdout.write(`${JSON.stringify({ scenario: scenario.name, seen, runs: log })}\n`);
  });

  const repeatOnce = async (kind: 'full' | 'incremental', label: string) => {
    // A repeated cursor ends the run early and says so; the next run completes.
    fleet.simulator.faults.set({ repeatCursor: scenario.repeatCursor ?? 0 });
    const results = await runUntilCompleted(fleet, { kind, trigger: 'manual' });
    note(label, results);
    if (scenario.repeatCursor)
      expect({ ...context(), first: results[0]?.outcome }).toEqual({ ...context(), first: 'stopped_on_repeating_cursor' });
    expect({ ...context(), last: results.at(-1)?.status, outcome: results.at(-1)?.outcome }).toEqual({
      ...context(),
      last: 'completed',
      outcome: 'completed',
    });
    return results;
  };

  it('a full sync ends with the same devices and profiles as Apple', async () => {
    const results = await repeatOnce('full', 'full');
    expect(results.some((r) => r.fullFetchCompleted)).toBe(true);
    expect({ ...context(), problems: await disagreements(fleet) }).toEqual({ ...context(), problems: [] });
    expect(await doubledDeviceEvents(fleet)).toEqual([]);
  });

  it('an incremental sync after adds, removals and throttles ends with the same devices and profiles as Apple', async () => {
    const { simulator, serverId } = fleet;
    const before = simulator.devices.list({ serverId }).map((d) => d.serial_number);
    const added = simulator.devices.seed({ count: ADDED, seed: 99 });
    const throttled = scenario.throttle ? added.filter((_, i) => i % 3 === 0) : [];
    if (throttled.length > 0) simulator.faults.throttleDevices(throttled, THROTTLE_SECONDS);
    simulator.portal.assignDevices(serverId, { serials: added });
    simulator.portal.unassignDevices({ serials: before.slice(0, 5) });

    await repeatOnce('incremental', 'incremental');
    const hidden = scenario.faults.hideThrottledFromSync === true;
    if (throttled.length > 0) {
      const problems = await disagreements(fleet);
      if (hidden) {
        // Apple's anomaly: throttled devices are left out of the feed, with no later entry.
        expect({ ...context(), problems: [...problems].sort() }).toEqual({
          ...context(),
          problems: throttled.map((s) => `${s}: missing`).sort(),
        });
      } else {
        expect({ ...context(), problems }).toEqual({ ...context(), problems: [] });
        const docs = await deviceStatusDocs(fleet);
        expect(throttled.map((s) => docs.get(s)?.assignment?.state)).toEqual(throttled.map(() => 'throttled'));
      }
      // Once Apple's throttle is over, the next run sends the due retries; a device hidden from
      // the feed comes back with the next full fetch (allowed 7 days after the last one).
      simulator.clock.advance(hidden ? 7 * DAY_MS + 1000 : THROTTLE_SECONDS * 1000 + 1000);
      await repeatOnce(hidden ? 'full' : 'incremental', 'after the throttle');
    }
    expect({ ...context(), problems: await disagreements(fleet) }).toEqual({ ...context(), problems: [] });
    expect(await doubledDeviceEvents(fleet)).toEqual([]);
    const state = await fleet.depledger.sync.run(TOKEN, { kind: 'incremental', trigger: 'schedule' });
    expect(state.status).toBe('completed');
    expect(state.counts).toMatchObject({ added: 0, released: 0 });
    // The faults did happen: the gateway retried 5xx answers and dropped connections, renewed sessions.
    if (scenario.faults.serverErrors) expect(seen.serverErrors).toBeGreaterThan(0);
    if (scenario.faults.dropConnections) expect(seen.drops).toBeGreaterThan(0);
    if (scenario.faults.sessionExpiryEveryRequests) expect(seen.sessionsRefused).toBeGreaterThan(3);
  });
});
