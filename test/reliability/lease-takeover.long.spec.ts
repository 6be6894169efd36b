import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createAppleSimulator, createManualClock, type AppleSimulator } from '@depledger/apple-simulator';
import { syncStream, type EventStore, type StoredEvent } from '@depledger/core';
import { openSqliteStore } from '@depledger/store-sqlite';
import { binPath, buildCli, cliIn, removeDir, tempDir } from '../../packages/cli/src/test-support/cli-process';
import { uploadSimulatedToken } from '../../packages/cli/src/test-support/simulated-token';
import { seeded, seedFrom } from './support';

/**
 * Issue 19: `depledger sync --token acme --full` of 100 000 devices, through the binary with the
 * default policy and lease (20 s), killed with SIGKILL at random moments three times. Each time the
 * next sync is refused while the dead run's lease lives, then starts once it lapses — the dead run
 * recorded as abandoned with when its lease lapsed, no later than the lease's length after the kill —
 * and resumes from the dead run's last page. The devices end equal to an uninterrupted sync of an
 * identical Apple (same simulator seed, same frozen clock). Checked from the recorded events, never
 * a stopwatch. `DEPLEDGER_TAKEOVER_SEED` replays a sequence of kill moments.
 *
 * The heaviest test of the suite on purpose (100k devices twice, three lease lapses of up to 20 s):
 * a few minutes on a busy 2-core machine; the limit is a hang guard only.
 */
jest.setTimeout(900_000);

const DEVICES = 100_000;
const KILLS = 3;
const TOKEN = 'acme';
const DEFAULT_LEASE_MS = 20_000;
const seed = seedFrom('DEPLEDGER_TAKEOVER_SEED');
const appleNow = new Date(Math.floor(Date.now() / 1000) * 1000);

type Organisation = Readonly<{ sim: AppleSimulator; url: string; dir: string; db: string; serials: readonly string[] }>;

const organisation = async (name: string): Promise<Organisation> => {
  // The same seed and the same frozen clock: both Apples serve the same devices with the same dates.
  const sim = createAppleSimulator({ seed: 42, clock: createManualClock(appleNow), oauthTimestampWindowSeconds: null });
  const { url } = await sim.start();
  const dir = tempDir(`takeover-${name}`);
  await uploadSimulatedToken(cliIn(dir), sim, url, TOKEN, DEVICES);
  return { sim, url, dir, db: join(dir, 'depledger.db'), serials: sim.devices.list().map((d) => d.serial_number) };
};

type SyncProcess = Readonly<{ pages: () => number; exited: Promise<number | null>; kill: () => void; output: () => string }>;

/** `depledger sync --token acme --full` in its own process, its page lines counted as they come. */
const startSync = (org: Organisation): SyncProcess => {
  const child = spawn(process.execPath, [binPath, 'sync', '--token', TOKEN, '--full', '--apple-url', org.url], {
    cwd: org.dir,
    env: { ...process.env, DEPLEDGER_APPLE_ATTEMPTS: '1', DEPLEDGER_VAULT_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pages = 0;
  let output = '';
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (line.startsWith('page ')) pages += 1;
    else output += `${line}\n`;
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { pages: () => pages, exited, kill: () => child.kill('SIGKILL'), output: () => output };
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts syncs until one is not refused (exit 3: the dead run's lease still lives); returns it and how many were refused. */
const startAfterRefusals = async (org: Organisation): Promise<{ sync: SyncProcess; refused: number }> => {
  for (let refused = 0; ; refused += 1) {
    const sync = startSync(org);
    const first = await Promise.race([sync.exited.then(() => 'exited' as const), waitFor(() => sync.pages() > 0, sync.exited)]);
    if (first !== 'exited' || (await sync.exited) !== 3) return { sync, refused };
    await pause(500);
  }
};

const waitFor = async (condition: () => boolean, exited: Promise<unknown>): Promise<'reached' | 'exited'> => {
  let done = false;
  void exited.then(() => (done = true));
  while (!condition() && !done) await pause(5);
  return condition() ? 'reached' : 'exited';
};

/** `stream type operation operationDate` of every Apple fact about a device, sorted. */
const deviceFacts = async (store: EventStore): Promise<string[]> => {
  const lines: string[] = [];
  for await (const e of store.readAll({ streamPrefixes: ['dep-device-'] })) {
    const data = e.data as { operation?: string; operationDate?: string | null };
    lines.push(`${e.streamName} ${e.type} ${data.operation ?? '-'} ${data.operationDate ?? '-'}`);
  }
  return lines.sort();
};

const syncEvents = async (store: EventStore): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const e of store.readStream(syncStream(TOKEN))) events.push(e);
  return events;
};

const dataOf = <T>(e: StoredEvent | undefined) => e?.data as T;

describe('a 100 000-device sync through the binary, killed three times', () => {
  const organisations: Organisation[] = [];
  beforeAll(() => buildCli());
  afterAll(async () => {
    for (const o of organisations) {
      await o.sim.stop();
      removeDir(o.dir);
    }
  });

  it(`is taken over within the lease each time and ends with the devices of an uninterrupted run (seed ${seed})`, async () => {
    const reference = await organisation('reference');
    organisations.push(reference);
    const crashed = await organisation('crashed');
    organisations.push(crashed);
    expect(crashed.serials).toEqual(reference.serials);

    // the uninterrupted run goes on beside the interrupted ones (they spend much of their time waiting for leases to lapse)
    const straight = startSync(reference);

    const random = seeded(seed);
    const kills: { at: number; afterPages: number }[] = [];
    let refusedBetween = 0;
    let next = await startAfterRefusals(crashed);
    while (kills.length < KILLS) {
      // 100 pages of 1000 devices: each kill lands within the first third of what the run has left to fetch
      const afterPages = 1 + Math.floor(random() * 30);
      const reached = await waitFor(() => next.sync.pages() >= afterPages, next.sync.exited);
      await pause(Math.floor(random() * 200));
      expect({ seed, reached, output: reached === 'exited' ? next.sync.output() : '' }).toEqual({ seed, reached: 'reached', output: '' });
      const at = Date.now();
      next.sync.kill();
      await next.sync.exited;
      kills.push({ at, afterPages });
      next = await startAfterRefusals(crashed);
      refusedBetween += next.refused;
    }
    expect({ seed, code: await next.sync.exited, output: next.sync.output() }).toMatchObject({ seed, code: 0 });
    expect({ code: await straight.exited, output: straight.output() }).toMatchObject({ code: 0 });

    const ref = openSqliteStore({ path: reference.db });
    const got = openSqliteStore({ path: crashed.db });
    try {
      const events = await syncEvents(got.events);
      const types = (type: string) => events.filter((e) => e.type === `${type}.v1`);
      const started = types('SyncRunStarted');
      const abandoned = types('SyncRunAbandoned');
      expect({ seed, started: started.length, abandoned: abandoned.length }).toEqual({ seed, started: KILLS + 1, abandoned: KILLS });
      const takeovers = abandoned.map((e, i) => {
        const a = dataOf<{ runId: string; lastPage: number; leaseExpiredAt: string | null; takenOverBy: string; detectedAt: string }>(e);
        const dead = dataOf<{ runId: string }>(started[i]);
        const taker = dataOf<{ runId: string; startedAt: string }>(started[i + 1]);
        const killedAt = kills[i]!.at;
        return {
          deadRun: a.runId === dead.runId,
          takenOverBy: a.takenOverBy === taker.runId,
          // the dead run's lease lapsed no later than a lease's length after the kill (it was renewed at most until then)…
          lapsedWithinLease: a.leaseExpiredAt !== null && Date.parse(a.leaseExpiredAt) <= killedAt + DEFAULT_LEASE_MS,
          // …and the next run started once it had lapsed, not before
          startedAfterLapse: a.leaseExpiredAt !== null && Date.parse(taker.startedAt) >= Date.parse(a.leaseExpiredAt),
          lastPage: a.lastPage >= 1,
          takeoverMs: Date.parse(taker.startedAt) - killedAt,
        };
      });
      const expected = takeovers.map((t) => ({
        ...t,
        deadRun: true,
        takenOverBy: true,
        lapsedWithinLease: true,
        startedAfterLapse: true,
        lastPage: true,
      }));
      expect({ seed, takeovers }).toEqual({ seed, takeovers: expected });
      // every sync asked for while a dead run's lease lived was refused as "already running", by that run
      const refusals = types('SyncRunRefused').map((e) => dataOf<{ reason: string; blockingRunId: string }>(e));
      expect(refusals).toHaveLength(refusedBetween);
      expect(
        refusals.every(
          (r) => r.reason === 'run_in_progress' && abandoned.some((a) => dataOf<{ runId: string }>(a).runId === r.blockingRunId),
        ),
      ).toBe(true);
      // each run after a kill resumed the dead run's fetch: the first page of each continues from the page before it
      const pages = types('SyncPageRecorded').map((e) => dataOf<{ runId: string; cursorIn: string | null; cursorOut: string }>(e));
      const broken = pages.filter((p, i) => i > 0 && p.cursorIn !== pages[i - 1]!.cursorOut).map((p) => p.runId);
      expect({ seed, broken, first: pages[0]?.cursorIn }).toEqual({ seed, broken: [], first: null });
      console.log(
        `takeover after SIGKILL (seed ${seed}): ${takeovers.map((t) => `${(t.takeoverMs / 1000).toFixed(1)} s`).join(', ')} (lease ${DEFAULT_LEASE_MS / 1000} s, kills after ${kills.map((k) => k.afterPages).join('/')} pages)`,
      );

      const expectedFacts = await deviceFacts(ref.events);
      expect(expectedFacts).toHaveLength(DEVICES);
      const facts = await deviceFacts(got.events);
      expect({ seed, count: facts.length, equal: facts.every((f, i) => f === expectedFacts[i]) }).toEqual({
        seed,
        count: DEVICES,
        equal: true,
      });
    } finally {
      await ref.close();
      await got.close();
    }
  });
});
