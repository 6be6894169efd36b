import { devicesFromApple, readModelsAsOf, syncHistory, syncHistoryProjection } from '../index';
import { admin, counts, givenDepledger } from '../../test-support/given-history';
import { project, replayTwice } from '../../test-support/replay';

describe('sync history projection', () => {
  it('records a full sync run: kind, trigger, pages, counts, duration and outcome', async () => {
    const given = givenDepledger();
    await given.startSync('paris', 'run-1', 'full');
    given.advanceHours(0.05);
    await given.recordPage('paris', 'run-1', counts({ received: 100, added: 100 }), true);
    await given.recordPage('paris', 'run-1', counts({ received: 20, added: 18, unchanged: 2 }));
    given.advanceHours(0.05);
    await given.completeSync('paris', 'run-1');

    const [run] = await syncHistory(await project(given.store, [syncHistoryProjection]), 'paris');

    expect(run).toEqual({
      tokenId: 'paris',
      runId: 'run-1',
      actor: admin,
      trigger: 'manual',
      requested: 'full',
      kind: 'full',
      downgrade: null,
      requestedAt: '2026-01-05T09:00:00.000Z',
      startedAt: '2026-01-05T09:00:00.000Z',
      deadlineAt: '2026-01-05T09:10:00.000Z',
      finishedAt: '2026-01-05T09:06:00.000Z',
      outcome: 'completed',
      outcomeLabel: 'Terminée',
      pages: 2,
      counts: { received: 120, added: 118, modified: 0, released: 0, unchanged: 2 },
      records: { fetch: 120, sync: 0 },
      fullFetchCompleted: true,
      durationMs: 360_000,
      cursorResets: [],
      failure: null,
      refusal: null,
      refusalLabel: null,
    });
  });

  it('counts the devices of a full run once: the fetch lists each device, the sync pass after it lists the same ones again', async () => {
    const given = givenDepledger();
    await given.startSync('paris', 'run-1', 'full');
    await given.recordPage('paris', 'run-1', counts({ received: 9, added: 9 }), false, 'fetch');
    await given.recordPage('paris', 'run-1', counts({ received: 9, modified: 9 }), false, 'sync');
    await given.completeSync('paris', 'run-1');
    await given.startSync('paris', 'run-2', 'incremental');
    await given.recordPage('paris', 'run-2', counts({ received: 3, modified: 3 }), false, 'sync');
    await given.completeSync('paris', 'run-2', false);

    const [incremental, full] = await syncHistory(await project(given.store, [syncHistoryProjection]), 'paris');

    expect(full).toMatchObject({ runId: 'run-1', counts: { received: 18 }, records: { fetch: 9, sync: 9 } });
    expect(devicesFromApple(full!.records)).toBe(9);
    expect(incremental).toMatchObject({ runId: 'run-2', records: { fetch: 0, sync: 3 } });
    expect(devicesFromApple(incremental!.records)).toBe(3);
  });

  it('shows a full sync asked for too soon running incremental, and why', async () => {
    const given = givenDepledger();
    await given.startSync('paris', 'run-1', 'full');
    await given.completeSync('paris', 'run-1');
    given.advanceHours(1);
    await given.startSync('paris', 'run-2', 'full');

    const [latest] = await syncHistory(await project(given.store, [syncHistoryProjection]), 'paris', { lang: 'en' });

    expect(latest).toMatchObject({ runId: 'run-2', requested: 'full', kind: 'incremental', outcome: 'running', outcomeLabel: 'Running' });
    expect(latest?.downgrade?.nextFullAllowedAt).toBe('2026-01-12T09:00:00.000Z');
    expect(latest?.downgrade?.reason).toContain('full syncs are allowed once per interval');
  });

  it('records a refused request with the reason and when to retry', async () => {
    const given = givenDepledger();
    await given.startSync('paris', 'run-1', 'full');
    given.advanceHours(0.05);
    await given.startSync('paris', 'run-2', 'full');

    const history = await syncHistory(await project(given.store, [syncHistoryProjection]), 'paris');

    expect(history.map((r) => [r.runId, r.outcome])).toEqual([
      ['run-2', 'refused'],
      ['run-1', 'running'],
    ]);
    expect(history[0]).toMatchObject({
      outcomeLabel: 'Refusée',
      refusal: { reason: 'run_in_progress', blockingRunId: 'run-1', retryAt: '2026-01-05T09:10:00.000Z' },
      refusalLabel: 'Une synchronisation est déjà en cours',
      startedAt: null,
      kind: null,
    });
  });

  it('records a failed run with its error and the cursor resets on the way', async () => {
    const given = givenDepledger();
    await given.startSync('paris', 'run-1', 'incremental');
    await given.resetCursor('paris', 'run-1');
    given.advanceHours(0.01);
    await given.failSync('paris', 'run-1', 'T_C_NOT_SIGNED', 'Accept the new terms in Apple Business Manager');

    const [run] = await syncHistory(await project(given.store, [syncHistoryProjection]), 'paris', { lang: 'en' });

    expect(run).toMatchObject({
      outcome: 'failed',
      outcomeLabel: 'Failed',
      cursorResets: ['cursor_expired'],
      failure: { code: 'T_C_NOT_SIGNED', message: 'Accept the new terms in Apple Business Manager' },
      durationMs: 36_000,
    });
  });

  it("lists one token's runs only, the most recent first, up to a limit", async () => {
    const given = givenDepledger();
    for (const [token, run] of [
      ['paris', 'run-1'],
      ['paris2', 'run-x'],
      ['paris', 'run-2'],
      ['paris', 'run-3'],
    ] as const) {
      given.advanceHours(1);
      await given.startSync(token, run, 'incremental');
      await given.completeSync(token, run, false);
    }
    const readModels = await project(given.store, [syncHistoryProjection]);

    expect((await syncHistory(readModels, 'paris')).map((r) => r.runId)).toEqual(['run-3', 'run-2', 'run-1']);
    expect((await syncHistory(readModels, 'paris', { limit: 1 })).map((r) => r.runId)).toEqual(['run-3']);
    expect((await syncHistory(readModels, 'paris2')).map((r) => r.runId)).toEqual(['run-x']);
  });

  it('gives the same read model when the same events are replayed twice', async () => {
    const given = givenDepledger();
    await given.startSync('paris', 'run-1', 'full');
    await given.recordPage('paris', 'run-1', counts({ received: 3, added: 3 }));
    await given.startSync('paris', 'run-2', 'full');
    await given.completeSync('paris', 'run-1');
    await given.startSync('lyon', 'run-1', 'full');

    const { once, again, rebuilt } = await replayTwice(given.store, syncHistoryProjection);

    expect(once).toHaveLength(3);
    expect(again).toEqual(once);
    expect(rebuilt).toEqual(once);
  });

  it('answers as of a position: the run was still going then', async () => {
    const given = givenDepledger();
    await given.startSync('paris', 'run-1', 'full');
    await given.recordPage('paris', 'run-1', counts({ received: 5, added: 5 }));
    const midRun = await given.store.headPosition();
    await given.completeSync('paris', 'run-1');

    const then = await readModelsAsOf({ eventStore: given.store, projections: [syncHistoryProjection], at: { position: midRun } });

    expect(await syncHistory(then, 'paris')).toMatchObject([{ outcome: 'running', pages: 1, counts: { received: 5 } }]);
    expect(await syncHistory(await project(given.store, [syncHistoryProjection]), 'paris')).toMatchObject([{ outcome: 'completed' }]);
  });
});
