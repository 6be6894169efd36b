import { gatewayError } from '../testing/scripted-dep-gateway';
import { createSyncFixture, deviceEvents, deviceState, deviceTypes, publishProfile, TOKEN } from '../testing/sync-fixture';

const full = { kind: 'full', trigger: 'manual' } as const;
const incremental = { kind: 'incremental', trigger: 'schedule' } as const;
const HOUR = 60 * 60 * 1000;
const UUID_V1 = 'PROFILEUUID0001';
const UUID_V2 = 'PROFILEUUID0002';

const assignCalls = (f: Awaited<ReturnType<typeof createSyncFixture>>) => f.gateway.calls.filter((c) => c.method === 'assign');

describe('sync engine: assignment of the default profile', () => {
  it('gives new devices the default profile: requested with the reason, sent after the page, each outcome recorded', async () => {
    const f = await createSyncFixture({ pageLimit: 10 });
    await publishProfile(f, 'corp', UUID_V1);
    f.gateway.seed('SER00001', 'SER00002', 'SER00003', 'SER00004');
    f.gateway
      .answerAssignments('SER00002', 'not_accessible')
      .answerAssignments('SER00003', 'failed')
      .answerAssignments('SER00004', 'throttled');
    f.gateway.retryAfterSeconds = 3600;

    const result = await f.engine.run(TOKEN, full);

    expect(result.assignments).toEqual({ sent: 4, assigned: 1, notAccessible: 1, failed: 1, throttled: 1, skipped: null });
    expect(assignCalls(f)).toEqual([
      { method: 'assign', cursor: null, serials: ['SER00001', 'SER00002', 'SER00003', 'SER00004'], profileUuid: UUID_V1 },
    ]);
    expect(await deviceTypes(f.store, 'SER00001')).toEqual([
      'DeviceAssignedToServer',
      'ProfileAssignmentRequested',
      'ProfileAssignmentSucceeded',
    ]);
    const requested = (await deviceEvents(f.store, 'SER00001'))[1];
    expect(requested?.data).toMatchObject({ reason: 'default_profile', profileId: 'corp', profileVersion: 1, profileUuid: UUID_V1 });
    expect(await deviceState(f.store, 'SER00002')).toMatchObject({ assignment: { state: 'not_accessible', retryAt: null } });
    expect(await deviceState(f.store, 'SER00003')).toMatchObject({ assignment: { state: 'failed', retryAt: '2026-01-06T09:00:00.000Z' } });
    expect(await deviceState(f.store, 'SER00004')).toMatchObject({
      assignment: { state: 'throttled', retryAt: '2026-01-05T10:00:00.000Z' },
    });
  });

  it('waits 24 hours for a THROTTLED answer without retry_after_seconds', async () => {
    const f = await createSyncFixture();
    await publishProfile(f, 'corp', UUID_V1);
    f.gateway.seed('SER00001');
    f.gateway.answerAssignments('SER00001', 'throttled');
    await f.engine.run(TOKEN, full);
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({
      assignment: { state: 'throttled', retryAt: '2026-01-06T09:00:00.000Z' },
    });
  });

  it('retries due assignments only once their wait is over (explicit call), never the NOT_ACCESSIBLE ones', async () => {
    const f = await createSyncFixture({ pageLimit: 10 });
    await publishProfile(f, 'corp', UUID_V1);
    f.gateway.seed('SER00001', 'SER00002', 'SER00003');
    f.gateway
      .answerAssignments('SER00001', 'failed')
      .answerAssignments('SER00002', 'throttled')
      .answerAssignments('SER00003', 'not_accessible');
    f.gateway.retryAfterSeconds = 2 * 3600;
    await f.engine.run(TOKEN, full);
    f.gateway.calls.length = 0;

    f.clock.advance(HOUR);
    expect(await f.engine.retryDueAssignments(TOKEN)).toMatchObject({ sent: 0 });
    expect(assignCalls(f)).toEqual([]);

    f.clock.advance(2 * HOUR);
    const throttledRetry = await f.engine.retryDueAssignments(TOKEN);
    expect(throttledRetry).toMatchObject({ sent: 1, assigned: 1 });
    expect(assignCalls(f).map((c) => c.serials)).toEqual([['SER00002']]);

    f.clock.advance(24 * HOUR);
    const failedRetry = await f.engine.retryDueAssignments(TOKEN);
    expect(failedRetry).toMatchObject({ sent: 1, assigned: 1 });
    expect(assignCalls(f).map((c) => c.serials)).toEqual([['SER00002'], ['SER00001']]);
    const retried = (await deviceEvents(f.store, 'SER00001')).filter((e) => e.type === 'ProfileAssignmentRequested').map((e) => e.data);
    expect(retried.map((d) => (d as { reason: string }).reason)).toEqual(['default_profile', 'retry']);
    expect(await deviceState(f.store, 'SER00003')).toMatchObject({ assignment: { state: 'not_accessible' } });
  });

  it('the next run sends the retries that came due', async () => {
    const f = await createSyncFixture();
    await publishProfile(f, 'corp', UUID_V1);
    f.gateway.seed('SER00001');
    f.gateway.answerAssignments('SER00001', 'failed');
    await f.engine.run(TOKEN, full);
    f.clock.advance(25 * HOUR);
    f.gateway.calls.length = 0;
    const result = await f.engine.run(TOKEN, incremental);
    expect(result.retries).toMatchObject({ sent: 1, assigned: 1 });
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({ assignment: { state: 'assigned', profileUuid: UUID_V1 } });
  });

  it('sends requests left unanswered by a run that stopped after recording them (Apple unavailable), once the run deadline has passed', async () => {
    const f = await createSyncFixture();
    await publishProfile(f, 'corp', UUID_V1);
    f.gateway.seed('SER00001');
    f.gateway.failNext('assign', gatewayError('unavailable'));
    const failed = await f.engine.run(TOKEN, full);
    expect(failed).toMatchObject({ status: 'failed', pages: 1 });
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({ assignment: { state: 'pending' } });

    expect(await f.engine.retryDueAssignments(TOKEN)).toMatchObject({ sent: 0 });
    f.clock.advance(11 * 60 * 1000);
    expect(await f.engine.retryDueAssignments(TOKEN)).toMatchObject({ sent: 1, assigned: 1 });
    expect(await deviceTypes(f.store, 'SER00001')).toEqual([
      'DeviceAssignedToServer',
      'ProfileAssignmentRequested',
      'ProfileAssignmentSucceeded',
    ]);
  });

  it('assigns nothing without a default profile, and says why', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001');
    const result = await f.engine.run(TOKEN, full);
    expect(result.assignments).toMatchObject({ sent: 0, skipped: 'no_default_profile' });
    expect(assignCalls(f)).toEqual([]);
  });

  it('does not re-assign known devices on later syncs', async () => {
    const f = await createSyncFixture();
    await publishProfile(f, 'corp', UUID_V1);
    f.gateway.seed('SER00001');
    await f.engine.run(TOKEN, full);
    f.gateway.calls.length = 0;
    f.gateway.change('SER00001', 'modified', '2026-01-05T09:05:00Z', { os: 'iPadOS 19', profileStatus: 'assigned', profileUuid: UUID_V1 });
    const result = await f.engine.run(TOKEN, incremental);
    expect(result.assignments.sent).toBe(0);
    expect(assignCalls(f)).toEqual([]);
  });

  it('sends at most 1000 serials per call', async () => {
    const f = await createSyncFixture({ pageLimit: 1000 });
    const serials = Array.from({ length: 2500 }, (_, i) => `SER${String(i).padStart(6, '0')}`);
    f.gateway.seed(...serials);
    await f.engine.run(TOKEN, full);
    await publishProfile(f, 'corp', UUID_V1, false);

    const result = await f.engine.assignProfile(TOKEN, 'corp', serials);

    expect(result).toMatchObject({ sent: 2500, assigned: 2500, refused: [] });
    expect(assignCalls(f).map((c) => c.serials?.length)).toEqual([1000, 1000, 500]);
  });
});

describe('sync engine: manual assignment and profile revisions', () => {
  it('assigns one or many serials manually (reason manual); serials not on this server are refused with why', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001', 'SER00002');
    await f.engine.run(TOKEN, full);
    await publishProfile(f, 'corp', UUID_V1, false);

    const result = await f.engine.assignProfile(TOKEN, 'corp', ['SER00001', 'SER00002', 'SER99999']);

    expect(result).toMatchObject({ sent: 2, assigned: 2 });
    expect(result.refused).toEqual([expect.objectContaining({ serial: 'SER99999', code: 'DEVICE_NOT_ASSIGNED' })]);
    const requested = (await deviceEvents(f.store, 'SER00002')).find((e) => e.type === 'ProfileAssignmentRequested');
    expect(requested?.data).toMatchObject({ reason: 'manual', profileUuid: UUID_V1 });
  });

  it('refuses a manual assignment of a profile that is not published', async () => {
    const f = await createSyncFixture();
    await expect(f.engine.assignProfile(TOKEN, 'nope', ['SER00001'])).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
  });

  it('re-assigns devices on the old version after a revision is published under a new UUID', async () => {
    const f = await createSyncFixture({ pageLimit: 10 });
    await publishProfile(f, 'corp', UUID_V1);
    f.gateway.seed('SER00001', 'SER00002');
    await f.engine.run(TOKEN, full);
    await publishProfile(f, 'corp', UUID_V2);
    f.gateway.calls.length = 0;

    const result = await f.engine.reassignAfterRevision(TOKEN, 'corp');

    expect(result).toMatchObject({ sent: 2, assigned: 2 });
    expect(assignCalls(f)).toEqual([{ method: 'assign', cursor: null, serials: ['SER00001', 'SER00002'], profileUuid: UUID_V2 }]);
    const last = (await deviceEvents(f.store, 'SER00001')).filter((e) => e.type === 'ProfileAssignmentRequested').at(-1);
    expect(last?.data).toMatchObject({ reason: 'profile_revised', profileVersion: 2, profileUuid: UUID_V2 });
    // Once every device is on the current version, there is nothing left to do.
    expect(await f.engine.reassignAfterRevision(TOKEN, 'corp')).toMatchObject({ sent: 0 });
  });
});
