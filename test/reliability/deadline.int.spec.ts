import { manualClock, syncStream, type SyncRunResult } from '@depledger/core';
import { syncHistory } from '@depledger/projections';
import { disagreements, doubledDeviceEvents, startFleet, TOKEN, type Fleet } from './fleet';

/**
 * Issue 10, "Deadline": Apple is slowed (latency on every answer) so a full sync cannot finish
 * within the 10-minute deadline; the test moves both clocks (the simulator's and depledger's
 * manualClock) past it while a page is in flight. Each run is aborted and recorded as timed out;
 * the next run resumes from the last recorded page. Across the runs no page is asked of Apple twice
 * except the one in flight when the deadline passed. Extends packages/cli/test/sync.int.spec.ts
 * (one timeout, one resume) with consecutive timeouts, a separate depledger clock, the request log
 * and the sync-history read model.
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const DEVICES = 120;
const PAGE = 10;
const DEADLINE_MS = 10 * 60 * 1000;

type LoggedRequest = { path: string; cursor: string | null; run: number; answered: boolean; status?: number };

describe('a run that cannot finish within its deadline', () => {
  const clock = manualClock(new Date());
  const requests: LoggedRequest[] = [];
  let run = 0;
  let pageRequests = 0;
  let jumpAtPageRequest = 0;
  const isPage = (r: LoggedRequest) => r.path.endsWith('/server/devices') || r.path.endsWith('/devices/sync');
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await startFleet({
      devices: DEVICES,
      pageLimit: PAGE,
      clock,
      simulator: { clock: { now: () => clock.now() } },
      gateway: {
        retry: { maxAttempts: 1 },
        // depledger's machine and Apple agree on the time: OAuth timestamps follow the moved clock.
        now: () => clock.now().getTime(),
        // The real fetch, logged: which page was asked for, and whether its answer arrived.
        fetch: async (input, init) => {
          const url = new URL(String(input instanceof Request ? input.url : input));
          const body = (init?.body ? JSON.parse(String(init.body)) : {}) as { cursor?: string };
          const entry: LoggedRequest = { path: url.pathname, cursor: body.cursor ?? null, run, answered: false };
          requests.push(entry);
          if (isPage(entry) && ++pageRequests === jumpAtPageRequest) {
            // This page is slow, and while it is awaited both clocks pass the deadline.
            fleet.simulator.faults.set({ latencyMs: 3_000 });
            setTimeout(() => clock.advance(DEADLINE_MS + 1_000), 50);
          }
          const response = await fetch(input, init);
          const text = await response.text();
          entry.answered = true;
          entry.status = response.status;
          return new Response(text, { status: response.status, headers: response.headers });
        },
      },
    });
  });
  afterAll(async () => {
    await fleet.close();
  });

  /** A full run whose `n`th page request is in flight when the clocks pass the deadline. */
  const slowRun = async (n: number): Promise<SyncRunResult> => {
    run += 1;
    pageRequests = 0;
    jumpAtPageRequest = n;
    return fleet.depledger.sync.run(TOKEN, { kind: 'full', trigger: 'manual' });
  };

  it('is aborted and recorded as timed out, twice in a row; the third run resumes and finishes; no page is fetched twice but the ones in flight', async () => {
    fleet.simulator.faults.set({ latencyMs: 20 });
    const first = await slowRun(4);
    expect(first).toMatchObject({ status: 'timed_out', pages: 3, error: { code: 'SYNC_RUN_TIMED_OUT' } });
    fleet.simulator.faults.set({ latencyMs: 20 });
    // The session expired with the moved clock: its first page request is answered 401 and replayed.
    const second = await slowRun(5);
    expect(second).toMatchObject({ status: 'timed_out', pages: 3, resumedFetch: true, error: { code: 'SYNC_RUN_TIMED_OUT' } });
    fleet.simulator.faults.reset();
    run += 1;
    jumpAtPageRequest = 0;
    const third = await fleet.depledger.sync.run(TOKEN, { kind: 'full', trigger: 'manual' });
    expect(third).toMatchObject({ status: 'completed', outcome: 'completed', resumedFetch: true });
    expect(first.counts.added + second.counts.added + third.counts.added).toBe(DEVICES);

    // Recorded as timed out, in the log and in the sync history read model.
    const types: string[] = [];
    for await (const e of fleet.db.events.readStream(syncStream(TOKEN))) types.push(e.type.replace(/\.v\d+$/, ''));
    expect(types.filter((t) => t === 'SyncRunTimedOut')).toHaveLength(2);
    await fleet.runner.catchUp();
    const history = await syncHistory(fleet.db.readModels, TOKEN, { lang: 'en' });
    expect(history.map((h) => h.outcome).sort()).toEqual(['completed', 'timed_out', 'timed_out']);

    // Each run started from the page the one before recorded last: no page was answered twice, and
    // the only pages asked again are the two that were in flight when a deadline passed.
    const pages = requests.filter(isPage);
    const answered = pages.filter((r) => r.status === 200).map((r) => `${r.path} ${r.cursor}`);
    expect(answered.filter((key, i) => answered.indexOf(key) !== i)).toEqual([]);
    const inFlight = pages.filter((r) => !r.answered);
    expect(inFlight.map((r) => r.run)).toEqual([1, 2]);
    for (const aborted of inFlight) {
      const again = pages.filter((r) => r.path === aborted.path && r.cursor === aborted.cursor && r.status === 200);
      expect(again).toEqual([expect.objectContaining({ run: aborted.run + 1 })]);
    }
    expect(pages.filter((r) => r.path.endsWith('/server/devices') && r.status === 200)).toHaveLength(DEVICES / PAGE);

    expect(await disagreements(fleet)).toEqual([]);
    expect(await doubledDeviceEvents(fleet)).toEqual([]);
  });
});
