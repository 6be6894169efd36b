import fc from 'fast-check';
import { depledgerSerde, isDepledgerError, matchesPrefixes, type EventStore } from '@depledger/core';
import { builtInProjections, createInMemoryReadModelStore, createProjectionRunner, readModelOf, type AnyProjection } from '../index';
import { counts, givenDepledger, type GivenDepledger } from '../../test-support/given-history';

const serials = ['SERIALAAAA01', 'SERIALBBBB02', 'SERIALCCCC03'] as const;
const tokens = ['paris', 'lyon'] as const;

const step = fc.record({
  op: fc.constantFrom(
    'assign',
    'request',
    'assigned',
    'failed',
    'throttled',
    'not_accessible',
    'enroll',
    'unenroll',
    'release',
    'syncStart',
    'syncPage',
    'syncEnd',
    'syncFail',
    'terms',
    'contactOk',
  ),
  serial: fc.constantFrom(...serials),
  token: fc.constantFrom('paris', 'paris', 'paris', 'lyon'),
  uuid: fc.constantFrom('PROFILE-UUID-1', 'PROFILE-UUID-1', 'PROFILE-UUID-2'),
  run: fc.constantFrom('run-1', 'run-1', 'run-2'),
  hours: fc.integer({ min: 0, max: 30 }),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Plays one generated step through the deciders; the domain's refusals are skipped, as an application would. */
const play = async (given: GivenDepledger, s: Step): Promise<void> => {
  given.advanceHours(s.hours);
  const actions: Record<Step['op'], () => Promise<unknown>> = {
    assign: () => given.appleReports(s.token, s.serial),
    request: () => given.requestProfile(s.token, s.serial, s.uuid),
    assigned: () => given.assignmentOutcome(s.serial, s.uuid, 'assigned'),
    failed: () => given.assignmentOutcome(s.serial, s.uuid, 'failed'),
    throttled: () => given.assignmentOutcome(s.serial, s.uuid, 'throttled', 600),
    not_accessible: () => given.assignmentOutcome(s.serial, s.uuid, 'not_accessible'),
    enroll: () => given.enroll(s.serial),
    unenroll: () => given.unenroll(s.serial),
    release: () => given.release(s.token, s.serial),
    syncStart: () => given.startSync(s.token, s.run),
    syncPage: () => given.recordPage(s.token, s.run, counts({ received: 1, added: 1 })),
    syncEnd: () => given.completeSync(s.token, s.run),
    syncFail: () => given.failSync(s.token, s.run, 'APPLE_UNAVAILABLE', 'Apple answered 503'),
    terms: () => given.appleContact(s.token, 'terms_not_signed'),
    contactOk: () => given.appleContact(s.token, 'ok'),
  };
  try {
    await actions[s.op]();
  } catch (error) {
    if (!isDepledgerError(error)) throw error;
  }
};

/** The reference: every event folded once, in order, into a plain Map. */
const plainFold = async (eventStore: EventStore, projection: AnyProjection): Promise<unknown[]> => {
  const docs = new Map<string, unknown>();
  for await (const stored of eventStore.readAll()) {
    if (!matchesPrefixes(stored.streamName, projection.streamPrefixes)) continue;
    const event = depledgerSerde.decode(stored);
    if (!projection.handles(event.type)) continue;
    const keys = projection.keyOf(event);
    for (const key of keys === null ? [] : typeof keys === 'string' ? [keys] : keys)
      docs.set(key, projection.evolve(docs.get(key) ?? null, event, key));
  }
  return [...docs.entries()]
    .filter(([, doc]) => doc !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, doc]) => doc);
};

describe('the runner, whatever the batches and restarts', () => {
  it('builds every built-in read model exactly as one plain fold of the events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 20, maxLength: 60, size: 'max' }),
        fc.integer({ min: 1, max: 7 }),
        fc.nat(60),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        async (steps, batchSize, restartAt, paged, catchUpCommitSize) => {
          const given = givenDepledger();
          for (const token of tokens) await given.uploadToken(token);
          for (const serial of serials) await given.appleReports('paris', serial);
          const readModels = createInMemoryReadModelStore();
          // with and without the store's optional readAllPage (EventStoreDB has none)
          const eventStore: EventStore = paged ? given.store : { ...given.store, readAllPage: undefined };
          const runner = () =>
            createProjectionRunner({
              eventStore,
              readModels,
              projections: builtInProjections,
              batchSize,
              ...(catchUpCommitSize === undefined ? {} : { catchUpCommitSize }),
            });
          for (const [i, s] of steps.entries()) {
            await play(given, s);
            if (i === restartAt) await runner().catchUp();
          }
          await runner().catchUp();
          await runner().catchUp();
          for (const projection of builtInProjections) {
            expect(await (await readModelOf(readModels, projection)).all()).toEqual(await plainFold(given.store, projection));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rebuilds every built-in read model exactly as one plain fold, whatever the batch and commit sizes and documents held', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 20, maxLength: 60, size: 'max' }),
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        async (steps, batchSize, rebuildCommitSize, rebuildDocumentsHeld) => {
          const given = givenDepledger();
          for (const token of tokens) await given.uploadToken(token);
          for (const serial of serials) await given.appleReports('paris', serial);
          for (const s of steps) await play(given, s);
          const readModels = createInMemoryReadModelStore();
          const runner = createProjectionRunner({
            eventStore: given.store,
            readModels,
            projections: builtInProjections,
            batchSize,
            ...(rebuildCommitSize === undefined ? {} : { rebuildCommitSize }),
            ...(rebuildDocumentsHeld === undefined ? {} : { rebuildDocumentsHeld }),
          });
          await runner.catchUp();
          const reports = await runner.rebuild();
          const head = await given.store.headPosition();
          expect(reports.map((r) => [r.version, r.checkpoint])).toEqual(builtInProjections.map(() => [2, head]));
          for (const projection of builtInProjections) {
            expect(await (await readModelOf(readModels, projection)).all()).toEqual(await plainFold(given.store, projection));
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('builds the same read models when following the store live', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 20, maxLength: 60, size: 'max' }),
        fc.integer({ min: 1, max: 7 }),
        async (steps, batchSize) => {
          const given = givenDepledger();
          for (const token of tokens) await given.uploadToken(token);
          const readModels = createInMemoryReadModelStore();
          const runner = createProjectionRunner({ eventStore: given.store, readModels, projections: builtInProjections, batchSize });
          await runner.start();
          for (const s of steps) await play(given, s);
          await runner.catchUp();
          await runner.stop();
          for (const projection of builtInProjections) {
            expect(await (await readModelOf(readModels, projection)).all()).toEqual(await plainFold(given.store, projection));
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
