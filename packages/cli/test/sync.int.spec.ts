import { createAppleGateway } from '@depledger/apple';
import {
  assignedSerials,
  credentialsOf,
  deviceEventLines,
  deviceStateOf,
  publishDefaultProfile,
  startSyncHarness,
  syncStateOf,
  TOKEN,
  tokenStateOf,
  type SyncHarness,
} from './sync-harness';

/** The sync engine against @depledger/apple-simulator over real HTTP, through @depledger/apple's gateway, into SQLite. */
const full = { kind: 'full', trigger: 'manual' } as const;
const incremental = { kind: 'incremental', trigger: 'schedule' } as const;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let h: SyncHarness;
afterEach(async () => {
  await h?.close();
});

describe('sync engine against the Apple simulator', () => {
  it('first fetch, then incremental sync of added, modified and deleted devices', async () => {
    h = await startSyncHarness({ devices: 25 });

    const first = await h.engine.run(TOKEN, full);

    expect(first).toMatchObject({ status: 'completed', fullFetchCompleted: true, pages: 4, counts: { received: 25, added: 25 } });
    expect(await assignedSerials(h.store)).toEqual([...h.sim.serials].sort());
    expect(await syncStateOf(h.store)).toMatchObject({ status: 'idle', cursor: { phase: 'sync' } });

    const [gone] = h.sim.serials;
    const newcomers = h.sim.simulator.devices.seed({ count: 3, seed: 9, serverId: h.sim.server.serverId });
    h.sim.simulator.portal.unassignDevices({ serials: [gone!] });
    h.advance(MINUTE);

    const second = await h.engine.run(TOKEN, incremental);

    expect(second).toMatchObject({ status: 'completed', kind: 'incremental', counts: { added: 3, released: 1 } });
    expect(await assignedSerials(h.store)).toEqual([...h.sim.serials.slice(1), ...newcomers].sort());
    expect(await deviceStateOf(h.store, gone!)).toMatchObject({ status: 'released', releasedReason: 'deleted_by_apple' });

    // Nothing changed at Apple: the next run records an empty page and no device event.
    const before = await deviceEventLines(h.store);
    const third = await h.engine.run(TOKEN, incremental);
    expect(third).toMatchObject({ status: 'completed', pages: 1, counts: { received: 0 } });
    expect(await deviceEventLines(h.store)).toEqual(before);
  });

  it('EXPIRED_CURSOR: resets the cursor and fetches again, appending no device event twice', async () => {
    h = await startSyncHarness({ devices: 12, cursorLifetimeSeconds: 60 });
    await h.engine.run(TOKEN, full);
    const before = await deviceEventLines(h.store);
    h.advance(2 * MINUTE);

    const result = await h.engine.run(TOKEN, incremental);

    expect(result).toMatchObject({
      status: 'completed',
      cursorResets: ['cursor_expired'],
      fullFetchCompleted: true,
      counts: { received: 12, unchanged: 12, added: 0 },
    });
    expect(await deviceEventLines(h.store)).toEqual(before);
  });

  it('INVALID_CURSOR (a fetch snapshot the simulator forgot): resets the cursor and fetches again', async () => {
    h = await startSyncHarness({ devices: 30 });
    // A run stops after its first fetch page (the deadline passes), leaving the fetch in progress.
    const stopped = await h.engine.run(TOKEN, { ...full, onPage: () => h.advance(11 * MINUTE) });
    expect(stopped).toMatchObject({ status: 'timed_out', pages: 1 });
    expect(await syncStateOf(h.store)).toMatchObject({ cursor: { phase: 'fetch_in_progress' } });
    // Another client starts four fetches: the simulator keeps only the four newest snapshots.
    const other = createAppleGateway({ baseUrl: h.sim.url, userAgent: 'other-mdm/1.0', credentials: async () => credentialsOf(h) });
    for (let i = 0; i < 4; i++) await other.fetchDevices({ tokenId: TOKEN, limit: 5 });
    const before = await deviceEventLines(h.store);

    const result = await h.engine.run(TOKEN, full);

    expect(result).toMatchObject({ status: 'completed', resumedFetch: true, cursorResets: ['cursor_invalid'], fullFetchCompleted: true });
    expect(result.counts).toMatchObject({ received: 30, added: 20, unchanged: 10 });
    const after = await deviceEventLines(h.store);
    expect(after.filter((line) => !before.includes(line))).toHaveLength(20);
    expect(await assignedSerials(h.store)).toEqual([...h.sim.serials].sort());
  });

  it('a cursor that comes back unchanged with more_to_follow ends the run, and says so', async () => {
    h = await startSyncHarness({ devices: 5 });
    await h.engine.run(TOKEN, full);
    h.sim.simulator.faults.set({ repeatCursor: 1 });
    const result = await h.engine.run(TOKEN, incremental);
    expect(result).toMatchObject({ status: 'completed', outcome: 'stopped_on_repeating_cursor', pages: 1 });
  });

  it('a device removed and assigned again between two syncs arrives twice in one page: the latest op_date wins', async () => {
    h = await startSyncHarness({ devices: 5 });
    await h.engine.run(TOKEN, full);
    const serial = h.sim.serials[2]!;
    h.sim.simulator.portal.unassignDevices({ serials: [serial] });
    h.advance(1000);
    h.sim.simulator.portal.assignDevices(h.sim.server.serverId, { serials: [serial] });
    h.advance(1000);

    const result = await h.engine.run(TOKEN, incremental);

    expect(result.counts.received).toBeGreaterThanOrEqual(2);
    expect(await deviceStateOf(h.store, serial)).toMatchObject({ status: 'assigned', tokenId: TOKEN });
  });

  it('a device moved in from another server arriving as modified counts as new and gets the default profile', async () => {
    h = await startSyncHarness({ devices: 5, moveOpType: 'modified' });
    const profileUuid = await publishDefaultProfile(h, 'corp');
    await h.engine.run(TOKEN, full);
    const other = h.sim.simulator.portal.addMdmServer({ name: 'Other MDM' });
    const [moved] = h.sim.simulator.devices.seed({ count: 1, seed: 77, serverId: other.serverId });
    h.sim.simulator.portal.moveDevices({ serials: [moved!] }, h.sim.server.serverId);
    h.advance(MINUTE);

    const result = await h.engine.run(TOKEN, incremental);

    expect(result.counts).toMatchObject({ added: 1 });
    expect(await deviceStateOf(h.store, moved!)).toMatchObject({ status: 'assigned', assignment: { state: 'assigned', profileUuid } });
    expect(h.sim.simulator.devices.get(moved!)).toMatchObject({ profile_status: 'assigned', profile_uuid: profileUuid });
  });

  it('after a full fetch, releases a device that left without the feed saying so', async () => {
    h = await startSyncHarness({ devices: 8 });
    await h.engine.run(TOKEN, full);
    const gone = h.sim.serials[3]!;
    h.sim.simulator.portal.unassignDevices({ serials: [gone] });
    // Eight days later the cursor is too old: the engine fetches from scratch; the 'deleted' in the feed is never read.
    h.advance(8 * DAY);

    const result = await h.engine.run(TOKEN, full);

    expect(result).toMatchObject({
      status: 'completed',
      kind: 'full',
      cursorResets: ['cursor_too_old'],
      reconciliation: { status: 'done', released: 1 },
    });
    expect(await deviceStateOf(h.store, gone)).toMatchObject({ status: 'released', releasedReason: 'absent_from_full_fetch' });
  });

  it('downgrades a full run within 7 days of the last one', async () => {
    h = await startSyncHarness({ devices: 3 });
    await h.engine.run(TOKEN, full);
    h.advance(2 * DAY);
    const result = await h.engine.run(TOKEN, full);
    expect(result).toMatchObject({ status: 'completed', requested: 'full', kind: 'incremental' });
    expect(result.downgrade?.reason).toMatch(/full sync/);
  });

  it('the 10-minute deadline aborts the HTTP call in flight; the next run resumes from the last recorded page', async () => {
    h = await startSyncHarness({ devices: 30 });
    const engine = h.engineWith({});
    let pages = 0;
    const result = await engine.run(TOKEN, {
      ...full,
      onPage: () => {
        pages += 1;
        if (pages === 1) {
          // Apple holds the next answer for a day (until the reset below), and while it is awaited
          // the clock passes the deadline: the run can only end by aborting the call in flight.
          h.sim.simulator.faults.set({ latencyMs: DAY });
          setTimeout(() => h.advance(11 * MINUTE), 50);
        }
      },
    });
    expect(result).toMatchObject({ status: 'timed_out', pages: 1, error: { code: 'SYNC_RUN_TIMED_OUT' } });
    // Releases the answer Apple still held (to a connection the run closed).
    h.sim.simulator.faults.reset();

    const next = await h.engine.run(TOKEN, full);
    expect(next).toMatchObject({ status: 'completed', resumedFetch: true, counts: { added: 20 } });
    expect(await assignedSerials(h.store)).toEqual([...h.sim.serials].sort());
  });

  it('two concurrent callers: exactly one runs, the other is refused', async () => {
    h = await startSyncHarness({ devices: 20 });
    const [a, b] = await Promise.all([h.engine.run(TOKEN, full), h.engine.run(TOKEN, full)]);
    expect([a.status, b.status].sort()).toEqual(['completed', 'refused']);
    expect((a.status === 'refused' ? a : b).refusal).toMatchObject({ reason: 'run_in_progress' });
  });

  it('auto-assignment: SUCCESS, NOT_ACCESSIBLE and THROTTLED with its retry', async () => {
    h = await startSyncHarness({ devices: 4 });
    const profileUuid = await publishDefaultProfile(h, 'corp');
    const throttled = h.sim.serials[1]!;
    h.sim.simulator.faults.throttleDevices([throttled], 3600);

    const result = await h.engine.run(TOKEN, full);

    expect(result.assignments).toMatchObject({ sent: 4, assigned: 3, throttled: 1 });
    const waiting = await deviceStateOf(h.store, throttled);
    expect(waiting).toMatchObject({ assignment: { state: 'throttled' } });
    const retryAt = waiting.status === 'assigned' ? waiting.assignment?.retryAt : null;
    expect(Date.parse(retryAt!) - h.sim.simulator.clock.nowMs()).toBeGreaterThan(3500 * 1000);

    const manual = await h.engine.assignProfile(TOKEN, 'corp', ['C02NOTOURS00']);
    expect(manual).toMatchObject({ sent: 0, refused: [expect.objectContaining({ code: 'DEVICE_NOT_ASSIGNED' })] });

    h.advance(2 * 3600 * 1000);
    const retried = await h.engine.retryDueAssignments(TOKEN);
    expect(retried).toMatchObject({ sent: 1, assigned: 1 });
    expect(await deviceStateOf(h.store, throttled)).toMatchObject({ assignment: { state: 'assigned', profileUuid } });
  });

  it('FAILED (an older protocol) waits 24 hours, and the next run sends the retry', async () => {
    h = await startSyncHarness({ devices: 2 });
    await publishDefaultProfile(h, 'corp');
    const engine = h.engineWith({ gateway: { protocolVersion: 8 } });
    h.sim.simulator.faults.throttleDevices([h.sim.serials[0]!], 3600);
    const result = await engine.run(TOKEN, full);
    expect(result.assignments).toMatchObject({ assigned: 1, failed: 1 });
    h.advance(25 * 3600 * 1000);
    const next = await engine.run(TOKEN, incremental);
    expect(next.retries).toMatchObject({ sent: 1, assigned: 1 });
  });

  it('terms not signed stops the run with what to do; once accepted, the next run clears it', async () => {
    h = await startSyncHarness({ devices: 3 });
    h.sim.simulator.portal.requireNewTerms();

    const stopped = await h.engine.run(TOKEN, full);

    expect(stopped).toMatchObject({ status: 'failed', error: { code: 'GATEWAY_TERMS_NOT_SIGNED' } });
    expect(await tokenStateOf(h.store)).toMatchObject({ termsNotSignedSince: expect.any(String) });

    h.sim.simulator.portal.acceptTerms();
    const next = await h.engine.run(TOKEN, full);
    expect(next).toMatchObject({ status: 'completed', counts: { added: 3 } });
    expect(await tokenStateOf(h.store)).toMatchObject({ termsNotSignedSince: null });
  });

  it('a revoked token marks the token rejected and later runs are refused', async () => {
    h = await startSyncHarness({ devices: 3 });
    await h.engine.run(TOKEN, full);
    h.sim.simulator.portal.revokeToken(h.sim.server.serverId);
    const failed = await h.engine.run(TOKEN, incremental);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'GATEWAY_TOKEN_REJECTED' } });
    expect(await tokenStateOf(h.store)).toMatchObject({ rejectedSince: expect.any(String) });
    expect(await h.engine.run(TOKEN, incremental)).toMatchObject({ status: 'refused', refusal: { reason: 'token_rejected' } });
  });
});
