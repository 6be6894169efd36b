import { isVaultRef } from '../index';
import type { AssignedDevicesSeed } from './assigned-devices-seed';
import { gatewayError } from './testing/scripted-dep-gateway';
import {
  createSyncFixture,
  deviceEvents,
  deviceState,
  deviceTypes,
  storeContents,
  syncEvents,
  syncState,
  TOKEN,
} from './testing/sync-fixture';

const full = { kind: 'full', trigger: 'manual' } as const;
const incremental = { kind: 'incremental', trigger: 'schedule' } as const;
const DAY = 24 * 60 * 60 * 1000;

describe('sync engine: a run', () => {
  it('first fetch: pages through every device, records each page after its devices, then syncs from the fetch cursor', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    const pages: number[] = [];

    const result = await f.engine.run(TOKEN, { ...full, onPage: (p) => pages.push(p.page) });

    expect(result).toMatchObject({
      status: 'completed',
      kind: 'full',
      outcome: 'completed',
      fullFetchCompleted: true,
      pages: 3,
      resumedFetch: false,
    });
    expect(result.counts).toEqual({ received: 3, added: 3, modified: 0, released: 0, unchanged: 0 });
    expect(result.reconciliation).toEqual({ status: 'done', released: 0 });
    expect(pages).toEqual([1, 2, 3]);
    expect(f.gateway.calls.map((c) => `${c.method}:${c.cursor}`)).toEqual(['fetch:null', 'fetch:f:0:2', 'sync:f:0:3']);
    expect(await deviceTypes(f.store, 'SER00001')).toEqual(['DeviceAssignedToServer']);
    const types = (await syncEvents(f.store)).map((e) => e.type);
    expect(types).toEqual(['SyncRunStarted', 'SyncPageRecorded', 'SyncPageRecorded', 'SyncPageRecorded', 'SyncRunCompleted']);
    const state = await syncState(f.store);
    expect(state).toMatchObject({ status: 'idle', cursor: { value: 's:0', phase: 'sync' } });
    expect(state.lastFullCompletedAt).not.toBeNull();
    // Device events come before the page that carries them.
    const log = await storeContents(f.store);
    const firstPage = log.findIndex((l) => l.includes('SyncPageRecorded'));
    expect(log.findIndex((l) => l.startsWith('dep-device-SER00002'))).toBeLessThan(firstPage);
  });

  it('stores who assigned a device as a vault reference, never the e-mail', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001', 'SER00002');
    await f.engine.run(TOKEN, full);
    const [assigned] = await deviceEvents(f.store, 'SER00001');
    const ref = assigned?.type === 'DeviceAssignedToServer' ? assigned.data.details.assignedByRef : null;
    expect(isVaultRef(ref)).toBe(true);
    expect(await f.vault.reveal(ref as string)).toBe('it-admin@example.com');
    expect(JSON.stringify(await storeContents(f.store))).not.toContain('example.com');
    let raw = '';
    for await (const e of f.store.readAll()) raw += JSON.stringify(e);
    expect(raw).not.toContain('it-admin@example.com');
  });

  it('incremental sync: applies added, modified and deleted from the stored cursor', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001', 'SER00002');
    await f.engine.run(TOKEN, full);
    f.gateway.calls.length = 0;
    f.clock.advance(60_000);
    f.gateway
      .change('SER00003', 'added', '2026-01-05T09:00:30Z')
      .change('SER00001', 'modified', '2026-01-05T09:00:31Z', { os: 'iPadOS 18' })
      .change('SER00002', 'deleted', '2026-01-05T09:00:32Z');

    const result = await f.engine.run(TOKEN, incremental);

    expect(result).toMatchObject({
      status: 'completed',
      kind: 'incremental',
      fullFetchCompleted: false,
      reconciliation: { status: 'skipped', reason: 'no_complete_fetch' },
    });
    expect(result.counts).toEqual({ received: 3, added: 1, modified: 1, released: 1, unchanged: 0 });
    expect(f.gateway.calls.map((c) => `${c.method}:${c.cursor}`)).toEqual(['sync:s:0', 'sync:s:2']);
    expect(await deviceTypes(f.store, 'SER00001')).toEqual(['DeviceAssignedToServer', 'DeviceDetailsChanged']);
    expect(await deviceTypes(f.store, 'SER00002')).toEqual(['DeviceAssignedToServer', 'DeviceReleased']);
    expect(await deviceState(f.store, 'SER00002')).toMatchObject({ status: 'released', releasedReason: 'deleted_by_apple' });
  });

  it('treats a modified record for a serial never seen (a move from another server) as a new device', async () => {
    const f = await createSyncFixture();
    await f.engine.run(TOKEN, full);
    f.gateway.change('SER00009', 'modified', '2026-01-05T09:00:30Z');
    const result = await f.engine.run(TOKEN, incremental);
    expect(result.counts).toMatchObject({ added: 1, modified: 0 });
    expect(await deviceState(f.store, 'SER00009')).toMatchObject({ status: 'assigned', tokenId: TOKEN });
  });

  it('deduplicates a page by serial (latest op_date wins) and ignores an op_date older than what a device has', async () => {
    const f = await createSyncFixture({ pageLimit: 10 });
    f.gateway.seed('SER00001');
    await f.engine.run(TOKEN, full);
    f.gateway
      .change('SER00001', 'modified', '2026-01-05T09:00:40Z', { color: 'SILVER' })
      .change('SER00001', 'modified', '2026-01-05T09:00:20Z', { color: 'GOLD' }) // out of order within the page
      .change('SER00002', 'added', '2026-01-05T09:00:10Z')
      .change('SER00002', 'deleted', '2026-01-05T09:00:30Z');
    const result = await f.engine.run(TOKEN, incremental);
    expect(result.counts).toEqual({ received: 4, added: 0, modified: 1, released: 0, unchanged: 1 });
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({ details: { color: 'SILVER' } });
    // The added-then-deleted device was never ours by the end of the page: nothing recorded.
    expect(await deviceTypes(f.store, 'SER00002')).toEqual([]);

    // A later page bringing an older fact changes nothing.
    f.gateway.change('SER00001', 'modified', '2026-01-05T09:00:35Z', { color: 'GOLD' });
    const late = await f.engine.run(TOKEN, incremental);
    expect(late.counts).toMatchObject({ received: 1, unchanged: 1, modified: 0 });
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({ details: { color: 'SILVER' } });
  });

  it('upper-cases and trims serials, and leaves out a record whose serial is no serial number while recording the rest of the page', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('ser00001', ' SER00002 ', 'not a serial', '../../x', 'SER00003');

    const result = await f.engine.run(TOKEN, full);

    expect(result).toMatchObject({ status: 'completed', outcome: 'completed' });
    expect(result.counts).toMatchObject({ received: 5, added: 3 });
    const streams = new Set((await storeContents(f.store)).filter((l) => l.startsWith('dep-device-')).map((l) => l.split(':')[0]));
    expect([...streams].sort()).toEqual(['dep-device-SER00001', 'dep-device-SER00002', 'dep-device-SER00003']);
  });

  it('applies two different records of one device that carry the same op_date (one-second precision) in separate pages', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001');
    await f.engine.run(TOKEN, full);
    f.gateway.change('SER00001', 'modified', '2026-01-05T09:00:40Z', { color: 'SILVER' });
    await f.engine.run(TOKEN, incremental);
    f.gateway.change('SER00001', 'modified', '2026-01-05T09:00:40Z', { color: 'GOLD' });
    await f.engine.run(TOKEN, incremental);
    expect(await deviceTypes(f.store, 'SER00001')).toEqual(['DeviceAssignedToServer', 'DeviceDetailsChanged', 'DeviceDetailsChanged']);
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({ details: { color: 'GOLD' } });
  });

  it.each([
    ['cursor_expired', 'EXPIRED_CURSOR'],
    ['cursor_invalid', 'INVALID_CURSOR'],
    ['cursor_required', 'CURSOR_REQUIRED'],
  ] as const)('on %s, resets the cursor (recorded) and fetches from the start', async (failure, appleCode) => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    await f.engine.run(TOKEN, full);
    f.gateway.calls.length = 0;
    f.gateway.failNext('sync', gatewayError(failure, appleCode));

    const result = await f.engine.run(TOKEN, incremental);

    expect(result).toMatchObject({
      status: 'completed',
      cursorResets: [failure],
      fullFetchCompleted: true,
      reconciliation: { status: 'done', released: 0 },
    });
    expect(f.gateway.calls.map((c) => `${c.method}:${c.cursor}`)).toEqual(['sync:s:0', 'fetch:null', 'fetch:f:1:2', 'sync:f:1:3']);
    const reset = (await syncEvents(f.store)).find((e) => e.type === 'SyncCursorReset');
    expect(reset?.data).toMatchObject({ reason: failure, runId: result.runId });
    expect(result.counts).toMatchObject({ received: 3, unchanged: 3, added: 0 });
  });

  it('fails rather than loops when Apple refuses fresh cursors again and again', async () => {
    const f = await createSyncFixture();
    f.gateway.failNext('fetch', gatewayError('cursor_invalid', 'INVALID_CURSOR'));
    f.gateway.failNext('fetch', gatewayError('cursor_invalid', 'INVALID_CURSOR'));
    f.gateway.failNext('fetch', gatewayError('cursor_invalid', 'INVALID_CURSOR'));
    const result = await f.engine.run(TOKEN, full);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'GATEWAY_CURSOR_INVALID' } });
    expect(f.gateway.calls).toHaveLength(3);
  });

  it('on EXHAUSTED_CURSOR during a fetch, continues with sync from the same cursor (and a resumed fetch skips the release by absence)', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    // A first run records one fetch page, then Apple is unavailable: the fetch is left in progress at f:0:2.
    f.gateway.failNext('fetch', gatewayError('unavailable'), 1).failNext('fetch', gatewayError('cursor_exhausted', 'EXHAUSTED_CURSOR'));
    const first = await f.engine.run(TOKEN, full);
    expect(first).toMatchObject({ status: 'failed', pages: 1 });
    expect(await syncState(f.store)).toMatchObject({ cursor: { value: 'f:0:2', phase: 'fetch_in_progress' } });
    f.gateway.calls.length = 0;

    const second = await f.engine.run(TOKEN, incremental);

    expect(second).toMatchObject({
      status: 'completed',
      resumedFetch: true,
      fullFetchCompleted: true,
      reconciliation: { status: 'skipped', reason: 'resumed_fetch' },
    });
    // A fetch finished across runs counts as a full sync: a full run within 7 days is downgraded.
    expect(await syncState(f.store)).toMatchObject({ lastFullCompletedAt: '2026-01-05T09:00:00.000Z' });
    expect(f.gateway.calls.map((c) => `${c.method}:${c.cursor}`)).toEqual(['fetch:f:0:2', 'sync:f:0:2']);
    expect(await syncState(f.store)).toMatchObject({ cursor: { value: 's:0', phase: 'sync' } });
  });

  it('a fetch that Apple ends with EXHAUSTED_CURSOR proves no absence: nothing is released', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    await f.engine.run(TOKEN, full);
    f.clock.advance(8 * DAY);
    // The next full fetch gets one page, then Apple says the cursor is exhausted.
    f.gateway.failNext('fetch', gatewayError('cursor_exhausted', 'EXHAUSTED_CURSOR'), 1);
    const result = await f.engine.run(TOKEN, full);
    expect(result).toMatchObject({
      status: 'completed',
      fullFetchCompleted: true,
      reconciliation: { status: 'skipped', reason: 'exhausted_cursor' },
    });
    expect(await deviceState(f.store, 'SER00003')).toMatchObject({ status: 'assigned' });
  });

  it('resumes a fetch left in progress from its last recorded page, without releasing anything', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    f.gateway.failNext('fetch', gatewayError('unavailable'), 1).failNext('sync', gatewayError('unavailable'));
    await f.engine.run(TOKEN, full);
    f.gateway.calls.length = 0;
    const resumed = await f.engine.run(TOKEN, full);
    expect(resumed).toMatchObject({
      status: 'failed',
      resumedFetch: true,
      pages: 1,
      reconciliation: { status: 'skipped', reason: 'resumed_fetch' },
    });
    expect(f.gateway.calls.map((c) => `${c.method}:${c.cursor}`)).toEqual(['fetch:f:0:2', 'sync:f:0:3']);
    expect(await deviceTypes(f.store, 'SER00003')).toEqual(['DeviceAssignedToServer']);
  });

  it('stops on a cursor that comes back unchanged with more_to_follow, and says so', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001');
    await f.engine.run(TOKEN, full);
    f.gateway.calls.length = 0;
    f.gateway.repeatCursorNext('sync');
    const result = await f.engine.run(TOKEN, incremental);
    expect(result).toMatchObject({ status: 'completed', outcome: 'stopped_on_repeating_cursor', pages: 1 });
    expect(f.gateway.calls).toHaveLength(1);
    const completed = (await syncEvents(f.store)).at(-1);
    expect(completed).toMatchObject({ type: 'SyncRunCompleted', data: { outcome: 'stopped_on_repeating_cursor' } });
  });

  it('after a full fetch, releases devices the store holds as assigned that Apple no longer reported', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    await f.engine.run(TOKEN, full);
    f.gateway.vanish('SER00002');
    f.clock.advance(7 * DAY + 1000);

    const result = await f.engine.run(TOKEN, full);

    expect(result).toMatchObject({ status: 'completed', kind: 'full', reconciliation: { status: 'done', released: 1 } });
    expect(await deviceState(f.store, 'SER00002')).toMatchObject({ status: 'released', releasedReason: 'absent_from_full_fetch' });
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({ status: 'assigned' });
    const released = (await deviceEvents(f.store, 'SER00002')).at(-1);
    expect(released).toMatchObject({ type: 'DeviceReleased', data: { reason: 'absent_from_full_fetch', runId: result.runId } });
    // the run's recorded totals count that release (sync history reads them)
    const completed = (await syncEvents(f.store)).at(-1);
    expect(completed).toMatchObject({
      type: 'SyncRunCompleted',
      data: { runId: result.runId, releasedByAbsence: 1, counts: { released: 1 } },
    });
  });

  it('with an assignedDevices seed, starts the release by absence from the devices it lists and folds only what was stored after its position', async () => {
    const f = await createSyncFixture();
    const before = await f.store.headPosition();
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    await f.engine.run(TOKEN, full);
    const after = await f.store.headPosition();
    f.gateway.vanish('SER00002');
    f.clock.advance(7 * DAY + 1000);
    const asked: string[] = [];

    // a seed from before the first run: the devices assigned since are folded from the log
    const fromBefore = await f.withEngine({ assignedDevices: async (tokenId) => (asked.push(tokenId), before) }).run(TOKEN, full);
    expect(asked).toEqual([TOKEN]);
    expect(fromBefore).toMatchObject({ status: 'completed', reconciliation: { status: 'done', released: 1 } });
    expect(await deviceState(f.store, 'SER00002')).toMatchObject({ status: 'released', releasedReason: 'absent_from_full_fetch' });

    // a seed at a later position is trusted for everything before it: a device it does not list is not looked for
    f.gateway.seed('SER00004');
    f.clock.advance(7 * DAY + 1000);
    await f.engine.run(TOKEN, full);
    f.gateway.vanish('SER00001').vanish('SER00004');
    f.clock.advance(7 * DAY + 1000);
    const trusted = await f
      .withEngine({
        assignedDevices: async (_tokenId, visit) => {
          for (const serial of ['SER00001', 'SER00003']) visit(serial);
          return f.store.headPosition();
        },
      })
      .run(TOKEN, full);
    expect(trusted).toMatchObject({ status: 'completed', reconciliation: { status: 'done', released: 1 } });
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({ status: 'released' });
    expect(await deviceState(f.store, 'SER00004')).toMatchObject({ status: 'assigned' });
    expect(after).toBeGreaterThan(before);
  });

  it('without a seed to trust (none, one that fails, one that moved while it listed), folds the whole device log for the release by absence', async () => {
    const untrusted: AssignedDevicesSeed[] = [
      async () => null,
      async () => Promise.reject(new Error('read model unavailable')),
      // one that listed a device, then found the read model had moved
      async (_tokenId, visit) => (visit('SER00001'), null),
    ];
    for (const assignedDevices of untrusted) {
      const f = await createSyncFixture();
      f.gateway.seed('SER00001', 'SER00002');
      await f.engine.run(TOKEN, full);
      f.gateway.vanish('SER00002');
      f.clock.advance(7 * DAY + 1000);
      const result = await f.withEngine({ assignedDevices }).run(TOKEN, full);
      expect(result).toMatchObject({ status: 'completed', reconciliation: { status: 'done', released: 1 } });
      expect(await deviceState(f.store, 'SER00002')).toMatchObject({ status: 'released', releasedReason: 'absent_from_full_fetch' });
    }
  });

  it('downgrades a full run within 7 days of the last full run to incremental, and says why', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001');
    await f.engine.run(TOKEN, full);
    f.clock.advance(3 * DAY);
    f.gateway.calls.length = 0;

    const result = await f.engine.run(TOKEN, full);

    expect(result).toMatchObject({ status: 'completed', requested: 'full', kind: 'incremental', fullFetchCompleted: false });
    expect(result.downgrade?.nextFullAllowedAt).toBe('2026-01-12T09:00:00.000Z');
    expect(f.gateway.calls.map((c) => c.method)).toEqual(['sync']);
  });

  it('fetches again when the stored cursor is older than Apple accepts (7 days), recording why', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001');
    await f.engine.run(TOKEN, full);
    f.clock.advance(7 * DAY);
    f.gateway.calls.length = 0;
    const result = await f.engine.run(TOKEN, incremental);
    expect(result).toMatchObject({ status: 'completed', cursorResets: ['cursor_too_old'], fullFetchCompleted: true });
    expect(f.gateway.calls.map((c) => c.method)).toEqual(['fetch', 'sync']);
  });

  it('refuses a second run while one is in flight: of two concurrent callers exactly one runs, and the refusal is recorded', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');

    const [a, b] = await Promise.all([f.engine.run(TOKEN, { ...full, runId: 'run-a' }), f.engine.run(TOKEN, { ...full, runId: 'run-b' })]);

    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual(['completed', 'refused']);
    const refused = a.status === 'refused' ? a : b;
    const winner = a.status === 'refused' ? b : a;
    expect(refused.refusal).toMatchObject({ reason: 'run_in_progress', blockingRunId: winner.runId, retryAt: '2026-01-05T09:10:00.000Z' });
    const types = (await syncEvents(f.store)).map((e) => e.type);
    expect(types.filter((t) => t === 'SyncRunStarted')).toHaveLength(1);
    expect(types).toContain('SyncRunRefused');
    expect(f.gateway.calls.filter((c) => c.method === 'fetch' && c.cursor === null)).toHaveLength(1);
  });

  it('refuses a run id that was already used, appending nothing', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001');
    await f.engine.run(TOKEN, { ...full, runId: 'nightly-1' });
    const before = await storeContents(f.store);
    const again = await f.engine.run(TOKEN, { ...incremental, runId: 'nightly-1' });
    expect(again).toMatchObject({ status: 'refused', refusal: { reason: 'run_id_already_used' } });
    expect(await storeContents(f.store)).toEqual(before);
  });

  it('refuses to sync with an expired token, saying since when, and records the expiry', async () => {
    const f = await createSyncFixture({ tokenExpiry: '2026-01-05T09:30:00.000Z' });
    f.clock.advance(60 * 60 * 1000);
    const result = await f.engine.run(TOKEN, full);
    expect(result).toMatchObject({ status: 'refused', refusal: { reason: 'token_expired', retryAt: null } });
    expect(result.refusal?.message).toContain('2026-01-05T09:30:00.000Z');
    expect(f.gateway.calls).toHaveLength(0);
    // refused by the token, and recorded like the rules' refusals
    expect((await syncEvents(f.store)).map((e) => [e.type, e.data])).toEqual([
      [
        'SyncRunRefused',
        {
          tokenId: TOKEN,
          runId: result.runId,
          requested: 'full',
          trigger: 'manual',
          reason: 'token_expired',
          blockingRunId: null,
          retryAt: null,
        },
      ],
    ]);
    let expired = false;
    for await (const e of f.store.readStream(`dep-token-${TOKEN}`)) expired ||= e.type.startsWith('TokenExpired');
    expect(expired).toBe(true);
  });

  it('refuses to sync a token that does not exist', async () => {
    const f = await createSyncFixture();
    const result = await f.engine.run('lyon', full);
    expect(result).toMatchObject({ status: 'refused', refusal: { reason: 'token_not_active' } });
  });

  it('records other gateway failures on the run; the next run resumes from the stored cursor', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001');
    await f.engine.run(TOKEN, full);
    f.gateway.failNext('sync', gatewayError('unavailable'));
    const failed = await f.engine.run(TOKEN, incremental);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'GATEWAY_UNAVAILABLE' } });
    expect((await syncEvents(f.store)).at(-1)).toMatchObject({ type: 'SyncRunFailed', data: { code: 'GATEWAY_UNAVAILABLE' } });
    f.gateway.calls.length = 0;
    const next = await f.engine.run(TOKEN, incremental);
    expect(next.status).toBe('completed');
    expect(f.gateway.calls.map((c) => `${c.method}:${c.cursor}`)).toEqual(['sync:s:0']);
  });
});
