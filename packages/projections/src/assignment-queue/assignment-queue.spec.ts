import { assignmentQueue, assignmentQueueProjection, assignmentQueueSeed, createInMemoryReadModelStore, readModelsAsOf } from '../index';
import { givenDepledger } from '../../test-support/given-history';
import { project, replayTwice } from '../../test-support/replay';

const A = 'SERIALAAAA01';
const B = 'SERIALBBBB02';
const C = 'SERIALCCCC03';

/** Three devices of token paris: A waits for Apple, B failed (retried in 24 h), C throttled (retried in 10 min). */
const waitingFleet = async () => {
  const given = givenDepledger();
  for (const serial of [A, B, C]) {
    await given.appleReports('paris', serial);
    await given.requestProfile('paris', serial, 'PROFILE-UUID-1');
  }
  given.advanceHours(1);
  await given.assignmentOutcome(B, 'PROFILE-UUID-1', 'failed');
  await given.assignmentOutcome(C, 'PROFILE-UUID-1', 'throttled', 600);
  return given;
};

describe('assignment queue projection', () => {
  it('lists pending assignments first, then retries by when they are due', async () => {
    const given = await waitingFleet();

    const queue = await assignmentQueue(await project(given.store, [assignmentQueueProjection]), { now: new Date('2026-01-05T10:30:00Z') });

    expect(queue.map((q) => [q.serial, q.state, q.retryAt, q.due, q.stateLabel])).toEqual([
      [A, 'pending', null, false, 'En attente'],
      [C, 'throttled', '2026-01-05T10:10:00.000Z', true, 'Limité par Apple'],
      [B, 'failed', '2026-01-06T10:00:00.000Z', false, 'Échec'],
    ]);
    expect(queue[0]).toMatchObject({
      tokenId: 'paris',
      profileId: 'corporate',
      profileVersion: 1,
      profileUuid: 'PROFILE-UUID-1',
      since: '2026-01-05T09:00:00.000Z',
      attempts: 1,
    });
  });

  it('lets a device leave the queue when assigned, not accessible or released', async () => {
    const given = await waitingFleet();
    await given.assignmentOutcome(A, 'PROFILE-UUID-1', 'assigned');
    await given.release('paris', C);
    await given.appleReports('paris', 'SERIALDDDD04');
    await given.requestProfile('paris', 'SERIALDDDD04', 'PROFILE-UUID-1');
    await given.assignmentOutcome('SERIALDDDD04', 'PROFILE-UUID-1', 'not_accessible');

    const queue = await assignmentQueue(await project(given.store, [assignmentQueueProjection]));

    expect(queue.map((q) => q.serial)).toEqual([B]);
  });

  it('counts the attempts of a retried assignment', async () => {
    const given = await waitingFleet();
    given.advanceHours(25);
    await given.requestProfile('paris', B, 'PROFILE-UUID-1');

    const queue = await assignmentQueue(await project(given.store, [assignmentQueueProjection]), { lang: 'en' });

    expect(queue.find((q) => q.serial === B)).toMatchObject({ state: 'pending', attempts: 2, retryAt: null, stateLabel: 'Pending' });
  });

  it('filters by token', async () => {
    const given = await waitingFleet();
    await given.appleReports('lyon', 'SERIALLYON01');
    await given.requestProfile('lyon', 'SERIALLYON01', 'PROFILE-UUID-9');
    const readModels = await project(given.store, [assignmentQueueProjection]);

    expect((await assignmentQueue(readModels, { tokenId: 'lyon' })).map((q) => q.serial)).toEqual(['SERIALLYON01']);
    expect(await assignmentQueue(readModels, { tokenId: 'paris' })).toHaveLength(3);
  });

  it('gives the same read model when the same events are replayed twice', async () => {
    const given = await waitingFleet();
    await given.assignmentOutcome(A, 'PROFILE-UUID-1', 'assigned');

    const { once, again, rebuilt } = await replayTwice(given.store, assignmentQueueProjection);

    expect(once).toHaveLength(2);
    expect(again).toEqual(once);
    expect(rebuilt).toEqual(once);
  });

  it('answers as of a time: before Apple answered, all three were pending', async () => {
    const given = await waitingFleet();

    const then = await readModelsAsOf({
      eventStore: given.store,
      projections: [assignmentQueueProjection],
      at: { time: '2026-01-05T09:30:00Z' },
    });

    expect((await assignmentQueue(then)).map((q) => [q.serial, q.state])).toEqual([
      [A, 'pending'],
      [B, 'pending'],
      [C, 'pending'],
    ]);
  });

  it('seeds a sync engine’s assignment waits: the queue and the position the read model reflects, or nothing to trust', async () => {
    const given = await waitingFleet();
    const readModels = await project(given.store, [assignmentQueueProjection]);
    const seeded = await assignmentQueueSeed(readModels)();
    expect(seeded?.position).toBe(await given.store.headPosition());
    expect(seeded?.queued.map((q) => [q.serial, q.state]).sort()).toEqual([
      [A, 'pending'],
      [B, 'failed'],
      [C, 'throttled'],
    ]);
    // never built: the waits fold the log themselves
    expect(await assignmentQueueSeed(createInMemoryReadModelStore())()).toBeNull();
    // a version of another projection version (a rebuild is due): not trusted either
    const stale = createInMemoryReadModelStore();
    await stale.switchTo(await stale.createVersion(assignmentQueueProjection.name, assignmentQueueProjection.version + 1));
    expect(await assignmentQueueSeed(stale)()).toBeNull();
  });
});
