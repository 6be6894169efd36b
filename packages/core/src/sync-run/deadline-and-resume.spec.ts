import { createSyncEngine, handleCommand, depledgerSerde, syncDecider, syncStream, defaultSyncPolicy, type EventStore } from '../index';
import { createSyncFixture, deviceTypes, publishProfile, storeContents, syncEvents, syncState, TOKEN } from './testing/sync-fixture';

const full = { kind: 'full', trigger: 'manual' } as const;
const incremental = { kind: 'incremental', trigger: 'schedule' } as const;
const MINUTE = 60 * 1000;

/** A store whose append throws once, the first time a page record is appended: a crash between a page's devices and its cursor. */
const crashingOncePageRecord = (store: EventStore): EventStore => {
  let crashed = false;
  return {
    ...store,
    appendToStream: async (name, events, options) => {
      if (!crashed && events.some((e) => e.type === 'SyncPageRecorded.v1')) {
        crashed = true;
        throw new Error('disk unplugged');
      }
      return store.appendToStream(name, events, options);
    },
  };
};

const deviceStreamsOnly = (lines: string[]) => lines.filter((l) => l.startsWith('dep-device-'));

describe('sync engine: deadline', () => {
  it('aborts a call to Apple in flight when the clock passes the deadline, records the timeout, and the next run resumes from the last recorded page', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003', 'SER00004');
    // The second fetch page hangs while 11 minutes pass.
    f.gateway.hangNext('fetch', () => f.clock.advance(11 * MINUTE), 1);

    const result = await f.engine.run(TOKEN, full);

    expect(result).toMatchObject({ status: 'timed_out', pages: 1, error: { code: 'SYNC_RUN_TIMED_OUT' } });
    expect((await syncEvents(f.store)).at(-1)).toMatchObject({
      type: 'SyncRunTimedOut',
      data: { runId: result.runId, deadlineAt: '2026-01-05T09:10:00.000Z' },
    });
    expect(await syncState(f.store)).toMatchObject({ status: 'idle', cursor: { value: 'f:0:2', phase: 'fetch_in_progress' } });

    f.gateway.calls.length = 0;
    const next = await f.engine.run(TOKEN, full);
    expect(next).toMatchObject({ status: 'completed', resumedFetch: true, counts: { added: 2 } });
    expect(f.gateway.calls.map((c) => `${c.method}:${c.cursor}`)).toEqual(['fetch:f:0:2', 'sync:f:0:4']);
    expect(await deviceTypes(f.store, 'SER00004')).toEqual(['DeviceAssignedToServer']);
  });

  it('stops between pages once the deadline has passed, without calling Apple again', async () => {
    const f = await createSyncFixture({ pageLimit: 1 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    const result = await f.engine.run(TOKEN, { ...full, onPage: () => f.clock.advance(6 * MINUTE) });
    expect(result).toMatchObject({ status: 'timed_out', pages: 2 });
    expect(f.gateway.calls).toHaveLength(2);
  });

  it('without run leases (a store that keeps none), a run left running by a dead process blocks others until its deadline, then is timed out by the next request', async () => {
    const f = await createSyncFixture();
    const engine = f.withEngine({ store: { ...f.store, runLeases: undefined } });
    f.gateway.seed('SER00001');
    await handleCommand(f.store, depledgerSerde, syncDecider, syncStream(TOKEN), {
      type: 'RequestSyncRun',
      data: { tokenId: TOKEN, runId: 'dead-run', kind: 'full', trigger: 'schedule', policy: defaultSyncPolicy },
      metadata: { now: f.clock.now(), actor: 'system:sync' },
    });
    f.clock.advance(9 * MINUTE);
    expect(await engine.run(TOKEN, full)).toMatchObject({
      status: 'refused',
      refusal: { reason: 'run_in_progress', blockingRunId: 'dead-run', retryAt: '2026-01-05T09:10:00.000Z' },
    });
    f.clock.advance(MINUTE);
    const next = await engine.run(TOKEN, full);
    expect(next.status).toBe('completed');
    const types = (await syncEvents(f.store)).map((e) => `${e.type}:${e.data.runId}`);
    expect(types).toContain('SyncRunTimedOut:dead-run');
  });

  it('a cancelled run (the caller aborts) is recorded as failed and cancelled', async () => {
    const f = await createSyncFixture({ pageLimit: 1 });
    f.gateway.seed('SER00001', 'SER00002');
    const controller = new AbortController();
    f.gateway.hangNext('fetch', () => setTimeout(() => controller.abort(), 1), 1);
    const result = await f.engine.run(TOKEN, { ...full, signal: controller.signal });
    expect(result).toMatchObject({ status: 'failed', pages: 1, error: { code: 'SYNC_RUN_CANCELLED' } });
    expect((await syncEvents(f.store)).at(-1)).toMatchObject({ type: 'SyncRunFailed', data: { code: 'SYNC_RUN_CANCELLED' } });
  });
});

describe('sync engine: run leases', () => {
  /** A run that started, recorded one page of a fetch, took the token's lease until `leaseUntil`, and died. */
  const deadRun = async (f: Awaited<ReturnType<typeof createSyncFixture>>, leaseUntil: string) => {
    const leases = f.store.runLeases!;
    const now = f.clock.now();
    const acquired = await leases.acquire({ tokenId: TOKEN, runId: 'dead-run', expiresAt: leaseUntil }, now);
    expect(acquired).toEqual({ acquired: true, epoch: 1, lapsed: null });
    const metadata = { now, actor: 'system:sync' };
    await handleCommand(f.store, depledgerSerde, syncDecider, syncStream(TOKEN), {
      type: 'RequestSyncRun',
      data: {
        tokenId: TOKEN,
        runId: 'dead-run',
        kind: 'full',
        trigger: 'schedule',
        policy: defaultSyncPolicy,
        lease: { held: true, lapsed: null },
      },
      metadata,
    });
    await handleCommand(f.store, depledgerSerde, syncDecider, syncStream(TOKEN), {
      type: 'RecordSyncPage',
      data: {
        tokenId: TOKEN,
        runId: 'dead-run',
        phase: 'fetch',
        cursorIn: null,
        cursorOut: 'f:0:2',
        fetchedUntil: null,
        moreToFollow: true,
        counts: { received: 2, added: 2, modified: 0, released: 0, unchanged: 0 },
      },
      metadata,
    });
  };

  it('a run whose process died blocks others while its lease lives (until the run’s deadline, as the seed says), then the next run records it abandoned and resumes from its last page', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003', 'SER00004');
    await deadRun(f, '2026-01-05T09:00:20.000Z');

    f.clock.advance(19_000);
    expect(await f.engine.run(TOKEN, full)).toMatchObject({
      status: 'refused',
      refusal: { reason: 'run_in_progress', blockingRunId: 'dead-run', retryAt: '2026-01-05T09:10:00.000Z' },
    });

    f.clock.advance(1_000);
    const next = await f.engine.run(TOKEN, full);
    // the dead run's page is where the next one starts
    expect(next).toMatchObject({ status: 'completed', resumedFetch: true });
    expect(f.gateway.calls[0]).toMatchObject({ method: 'fetch', cursor: 'f:0:2' });
    const abandoned = (await syncEvents(f.store)).find((e) => e.type === 'SyncRunAbandoned');
    expect(abandoned?.data).toEqual({
      tokenId: TOKEN,
      runId: 'dead-run',
      lastPage: 1,
      leaseExpiredAt: '2026-01-05T09:00:20.000Z',
      takenOverBy: next.runId,
      detectedAt: '2026-01-05T09:00:20.000Z',
    });
    expect(await f.store.runLeases!.current(TOKEN)).toBeNull();
  });

  it('a run that took the token over and died before recording anything held it until its own lease lapsed: the abandon says so', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003', 'SER00004');
    await deadRun(f, '2026-01-05T09:00:20.000Z');
    // a second run takes the lapsed lease and is killed before its first write
    f.clock.advance(21_000);
    const second = await f.store.runLeases!.acquire(
      { tokenId: TOKEN, runId: 'killed-early', expiresAt: '2026-01-05T09:00:41.000Z' },
      f.clock.now(),
    );
    expect(second).toMatchObject({ acquired: true, lapsed: { runId: 'dead-run' } });
    f.clock.advance(21_000);
    const next = await f.engine.run(TOKEN, full);
    expect(next).toMatchObject({ status: 'completed', resumedFetch: true });
    const abandoned = (await syncEvents(f.store)).find((e) => e.type === 'SyncRunAbandoned');
    expect(abandoned?.data).toMatchObject({ runId: 'dead-run', leaseExpiredAt: '2026-01-05T09:00:41.000Z', takenOverBy: next.runId });
  });

  it('a run waiting on a slow call to Apple keeps its lease: no other run takes the token over while it lives', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    const leases = f.store.runLeases!;
    let renewals = 0;
    const counted = { ...leases, renew: async (lease: Parameters<typeof leases.renew>[0]) => ((renewals += 1), leases.renew(lease)) };
    const store = { ...f.store, runLeases: counted };
    let answer!: () => void;
    let entered!: () => void;
    const inCall = new Promise<void>((resolve) => (entered = resolve));
    const answered = new Promise<void>((resolve) => (answer = resolve));
    // Apple's first page comes only when the test says so
    const slowApple = Object.assign(Object.create(f.gateway) as typeof f.gateway, {
      fetchDevices: async (...args: Parameters<typeof f.gateway.fetchDevices>) => {
        entered();
        await answered;
        return f.gateway.fetchDevices(...args);
      },
    });
    const slow = createSyncEngine({ store, gateway: slowApple, vault: f.vault, clock: f.clock, pageLimit: 2, runLeaseMs: 40 });
    const other = createSyncEngine({ store, gateway: f.gateway, vault: f.vault, clock: f.clock, pageLimit: 2, runLeaseMs: 40 });

    const running = slow.run(TOKEN, full);
    await inCall;
    // Many leases' worth of time passes while the call hangs; after each step the run renews, and another run is refused.
    for (let step = 0; step < 10; step += 1) {
      f.clock.advance(30);
      const before = renewals;
      while (renewals < before + 1) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(await other.run(TOKEN, incremental)).toMatchObject({ status: 'refused', refusal: { reason: 'run_in_progress' } });
    }
    answer();
    const result = await running;

    expect(result).toMatchObject({ status: 'completed', counts: { added: 3 } });
    const types = (await syncEvents(f.store)).map((e) => e.type);
    expect(types).not.toContain('SyncRunAbandoned');
    expect(types.filter((t) => t === 'SyncRunRefused')).toHaveLength(10);
    expect(await leases.current(TOKEN)).toBeNull();
  });
});

describe('sync engine: the run lease fences the run’s writes', () => {
  it('a page write already on its way when another run takes the token over is refused by the store: nothing of it is written, and the run reports SYNC_RUN_LEASE_LOST', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    const leases = f.store.runLeases!;
    let tookOver: Promise<unknown> | null = null;
    // the run's first device write: just before it reaches the store, another node takes the token over (the run stalled past its lease)
    const takeOverFirst =
      <A extends unknown[], R>(append: (...args: A) => Promise<R>, isDeviceWrite: (...args: A) => boolean) =>
      async (...args: A): Promise<R> => {
        if (tookOver === null && isDeviceWrite(...args))
          tookOver = leases.acquire(
            { tokenId: TOKEN, runId: 'other-node', expiresAt: '2099-01-01T00:00:00.000Z' },
            new Date('2098-01-01T00:00:00Z'),
          );
        await tookOver;
        return append(...args);
      };
    const store: EventStore = {
      ...f.store,
      appendToStream: takeOverFirst(f.store.appendToStream, (name) => name.startsWith('dep-device-')),
      appendToStreams: takeOverFirst(f.store.appendToStreams!, (writes) => writes.some((w) => w.streamName.startsWith('dep-device-'))),
    };
    const engine = createSyncEngine({ store, gateway: f.gateway, vault: f.vault, clock: f.clock, pageLimit: 2 });

    const result = await engine.run(TOKEN, full);

    expect(await tookOver).toMatchObject({ acquired: true, epoch: 2 });
    expect(result).toMatchObject({ status: 'failed', pages: 0, error: { code: 'SYNC_RUN_LEASE_LOST' } });
    const lines = await storeContents(f.store);
    expect(deviceStreamsOnly(lines)).toEqual([]);
    // the run could not record its own end either: the run that took the token over records it abandoned
    expect((await syncEvents(f.store)).map((e) => e.type)).toEqual(['SyncRunStarted']);
  });
});

describe('sync engine: resume and idempotency', () => {
  it('a crash between a page’s device events and its page record re-applies the page on resume and appends nothing twice', async () => {
    const uninterrupted = await createSyncFixture({ pageLimit: 2 });
    uninterrupted.gateway.seed('SER00001', 'SER00002', 'SER00003');
    await publishProfile(uninterrupted, 'corp', 'PROFILEUUID0001');
    await uninterrupted.engine.run(TOKEN, full);

    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    await publishProfile(f, 'corp', 'PROFILEUUID0001');
    const crashing = f.withEngine({ store: crashingOncePageRecord(f.store) });

    const crashed = await crashing.run(TOKEN, full);
    expect(crashed).toMatchObject({ status: 'failed', pages: 0, error: { code: 'SYNC_RUN_ERROR' } });
    expect(await deviceTypes(f.store, 'SER00001')).toEqual(['DeviceAssignedToServer', 'ProfileAssignmentRequested']);
    expect(await syncState(f.store)).toMatchObject({ status: 'idle', cursor: null });

    const resumed = await crashing.run(TOKEN, full);

    expect(resumed).toMatchObject({ status: 'completed', fullFetchCompleted: true });
    // The replayed page changed nothing on its devices (but still sent the assignments it had recorded).
    expect(resumed.counts).toEqual({ received: 3, added: 1, modified: 0, released: 0, unchanged: 2 });
    expect(resumed.assignments).toMatchObject({ sent: 3, assigned: 3 });
    // Apple's facts keep the ids they would have had without the crash.
    const appleFacts = (lines: string[]) =>
      deviceStreamsOnly(lines)
        .filter((l) => l.includes(':DeviceAssignedToServer.v1:'))
        .sort();
    expect(appleFacts(await storeContents(f.store))).toEqual(appleFacts(await storeContents(uninterrupted.store)));
    expect(appleFacts(await storeContents(f.store))).toHaveLength(3);
    const types = async (store: EventStore) => {
      const out: string[] = [];
      for await (const e of store.readAll({ streamPrefixes: ['dep-device-'] })) out.push(`${e.streamName}:${e.type}`);
      return out.sort();
    };
    expect(await types(f.store)).toEqual(await types(uninterrupted.store));
  });

  it('fetching the same devices again appends no device event', async () => {
    const f = await createSyncFixture({ pageLimit: 2 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    await f.engine.run(TOKEN, full);
    const before = deviceStreamsOnly(await storeContents(f.store));
    f.clock.advance(8 * 24 * 60 * MINUTE);
    const again = await f.engine.run(TOKEN, full);
    expect(again).toMatchObject({ status: 'completed', kind: 'full', counts: { received: 3, unchanged: 3, added: 0 } });
    expect(deviceStreamsOnly(await storeContents(f.store))).toEqual(before);
  });

  it('device event ids derive from the Apple record, so two stores fed the same feed hold the same ids', async () => {
    const a = await createSyncFixture();
    const b = await createSyncFixture();
    for (const f of [a, b]) {
      f.gateway.seed('SER00001', 'SER00002');
      await f.engine.run(TOKEN, full);
      f.gateway.change('SER00003', 'added', '2026-01-05T09:00:30Z');
      await f.engine.run(TOKEN, incremental);
    }
    expect(deviceStreamsOnly(await storeContents(a.store))).toEqual(deviceStreamsOnly(await storeContents(b.store)));
  });
});

describe('sync engine: bounded reads of the Sync stream', () => {
  it('a run reads the Sync stream from the last snapshot, not from its first event, however many runs came before', async () => {
    const f = await createSyncFixture({ pageLimit: 1 });
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    let read = 0;
    const counting: EventStore = {
      ...f.store,
      readStream: (name, options) => {
        const events = f.store.readStream(name, options);
        if (name !== syncStream(TOKEN)) return events;
        return (async function* () {
          for await (const e of events) {
            read += 1;
            yield e;
          }
        })();
      },
      readStreamInMemory: undefined,
    };
    const engine = f.withEngine({ store: counting });
    for (let run = 0; run < 30; run += 1) {
      f.clock.advance(60_000);
      expect((await engine.run(TOKEN, incremental)).status).toBe('completed');
    }
    const stored = await f.store.streamRevision(syncStream(TOKEN));
    expect(stored).toBeGreaterThan(60);
    read = 0;
    f.clock.advance(60_000);
    const last = await engine.run(TOKEN, incremental);
    expect(last.status).toBe('completed');
    // nothing happened since the last run's end (its snapshot): the run read none of the stream's earlier events
    expect(read).toBe(0);
    // and the state it started from is the folded one: the incremental run continued from the recorded cursor
    expect(await syncState(f.store)).toMatchObject({ status: 'idle', cursor: { phase: 'sync' } });
  });
});
