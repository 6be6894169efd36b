import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startAppleSimulator, type StartedSimulator } from '@depledger/apple-simulator';
import type { OAuthCredentials } from '@depledger/apple';
import { streamPrefixes, type EventStore, type StoredEvent } from '@depledger/core';
import { openPostgresStore } from '@depledger/store-postgres';
import { openSqliteStore } from '@depledger/store-sqlite';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../../packages/store-postgres/src/testing/test-server';
import type { ScheduleChildConfig } from './children/schedule-child';
import { scratch, seeded, seedFrom } from './support';
import { prepareToken } from './token-file';

/**
 * Issue 19: `depledger schedule` is safe on every node. Three scheduler processes share one store
 * (a SQLite file; a PostgreSQL schema), with a policy in seconds (full sync every 8 s, delta every
 * 2 s) and a 3 s run lease; one of them is killed with SIGKILL at random moments and started again.
 * Then, from the recorded events: no two runs of a token overlap (no event of a run after its end,
 * none stored after the run that took it over began: the lease fences the store), no full sync
 * inside the full-sync interval, every token synced and every run a dead node left taken over (the
 * whole fleet is killed once while a run is open), no due sync missed — each run started within
 * a clock step of when it became due: the delta or full interval after the last completed run, the
 * backoff after a failure, the lapse of a dead run's lease — and the devices equal Apple's, each
 * recorded once.
 *
 * The nodes' clock is the test's (see children/schedule-child.ts): it moves by STEP_MS once every
 * live node has made a pass over its tokens at the current time, so "within a step" holds however
 * slow the machine is (a node busy in a sync holds the clock until its pass ends; kills come at
 * random moments of real time, in the middle of runs).
 * `DEPLEDGER_NODES_SEED` replays a sequence of kills.
 */
jest.setTimeout(300_000); // a hang guard only

const TOKENS = ['north', 'south'] as const;
const DEVICES = 1_500;
/** How far the clock moves while nodes are killed at random. */
const CHAOS_CLOCK_MS = 12_000;
const KILLS = 4;
const STEP_MS = 200;
const FULL_SYNC_SECONDS = 8;
const DELTA_SYNC_SECONDS = 2;
const VAULT_KEY = Buffer.alloc(32, 19);
const register = join(__dirname, 'children', 'register.cjs');
const seed = seedFrom('DEPLEDGER_NODES_SEED');

type Node = Readonly<{
  process: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
  ready: Promise<void>;
  /** The clock at the start of the node's last finished pass (-Infinity before its first). */
  lastPass: () => number;
  passFailures: () => string[];
  /** Moves the node's clock. */
  tell: (now: number) => void;
}>;

const startNode = (config: ScheduleChildConfig, now: number): Node => {
  const proc = spawn(process.execPath, [register, 'schedule-child.ts'], {
    env: { ...process.env, DEPLEDGER_SCHEDULE_CHILD: JSON.stringify({ ...config, startAt: new Date(now).toISOString() }) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let lastPass = Number.NEGATIVE_INFINITY;
  const passFailures: string[] = [];
  let isReady!: () => void;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    if (line.startsWith('{"ready"')) isReady();
    if (line.startsWith('{"passed"')) lastPass = (JSON.parse(line) as { passed: number }).passed;
    if (line.startsWith('{"passFailed"')) passFailures.push(line);
  });
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // a node killed while the test writes to it
  proc.stdin!.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  void exited.then(() => isReady());
  return {
    process: proc,
    exited,
    stderr: () => stderr,
    ready,
    lastPass: () => lastPass,
    passFailures: () => passFailures,
    tell: (at) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.stdin!.write(`${JSON.stringify({ now: new Date(at).toISOString() })}\n`);
    },
  };
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Fleet = Readonly<{ sim: StartedSimulator; credentials: Record<string, OAuthCredentials>; serials: Record<string, string[]> }>;

/** One simulated Apple with an MDM server (and its devices) per token. */
const fleet = async (): Promise<Fleet> => {
  const sim = await startAppleSimulator({ devices: DEVICES, seed: 19, host: '127.0.0.1' });
  const second = sim.simulator.portal.addMdmServer({ name: 'south MDM' });
  const southSerials = sim.simulator.devices.seed({ count: DEVICES, serverId: second.serverId });
  const asOAuth = (c: StartedSimulator['server']['credentials']): OAuthCredentials => ({
    consumerKey: c.consumer_key,
    consumerSecret: c.consumer_secret,
    accessToken: c.access_token,
    accessSecret: c.access_secret,
  });
  return {
    sim,
    credentials: { north: asOAuth(sim.server.credentials), south: asOAuth(second.credentials) },
    serials: { north: sim.serials, south: southSerials },
  };
};

const allEvents = async (store: EventStore): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
};

const runEnds = new Set(['SyncRunCompleted.v1', 'SyncRunFailed.v1', 'SyncRunTimedOut.v1', 'SyncRunAbandoned.v1']);

/**
 * Whether each run of the token started within two clock steps of when it became due, as the
 * scheduler's policy says: the first run at the start; after a completed run, the delta interval
 * after it (or the full interval after the last full fetch, whichever comes first); after a failed
 * run, its backoff (at most the delta interval); after a run whose node died, the lapse of its lease;
 * and never before a `syncNotBefore` the nodes recorded in the token's schedule memory meanwhile.
 * Two steps: the first pass of every live node at or after the due time starts within a step of it,
 * and a pass sees the clock move by one step at most.
 */
const lateRuns = (token: string, events: readonly StoredEvent[], sync: readonly StoredEvent[], startedAt: number) => {
  const memory = events
    .filter((e) => e.streamName === `dep-schedule-${token}`)
    .map((e) => ({ at: Date.parse(e.metadata.occurredAt), notBefore: (e.data as { syncNotBefore: string | null }).syncNotBefore }));
  let lastCompleted: number | null = null;
  let lastFull: number | null = null;
  const policyDue = (): number => {
    const fullAt = lastFull === null ? null : lastFull + FULL_SYNC_SECONDS * 1000;
    const deltaAt = lastCompleted === null ? null : lastCompleted + DELTA_SYNC_SECONDS * 1000;
    return fullAt === null || (deltaAt !== null && fullAt <= deltaAt) ? (fullAt ?? startedAt) : deltaAt!;
  };
  let due = startedAt;
  let since = startedAt;
  const late: string[] = [];
  let abandonedWithoutLease = 0;
  for (const e of sync) {
    const at = Date.parse(e.metadata.occurredAt);
    const data = e.data as {
      runId: string;
      startedAt?: string;
      phase?: string;
      moreToFollow?: boolean;
      fullFetchCompleted?: boolean;
      leaseExpiredAt?: string | null;
    };
    if (e.type === 'SyncRunStarted.v1') {
      const start = Date.parse(data.startedAt!);
      const notBefore = memory
        .filter((m) => m.at >= since && m.at <= start && m.notBefore !== null)
        .reduce((latest, m) => Math.max(latest, Date.parse(m.notBefore!)), Number.NEGATIVE_INFINITY);
      const dueAt = Math.max(due, notBefore);
      if (start > dueAt + 2 * STEP_MS) late.push(`${data.runId} started ${start - dueAt} ms after it was due`);
    } else if (e.type === 'SyncPageRecorded.v1' && data.phase === 'fetch' && data.moreToFollow === false) lastFull = at;
    else if (e.type === 'SyncRunCompleted.v1') {
      lastCompleted = at;
      if (data.fullFetchCompleted === true) lastFull = at;
      due = policyDue();
      since = at;
    } else if (e.type === 'SyncRunFailed.v1' || e.type === 'SyncRunTimedOut.v1') {
      // the backoff after failures never goes beyond the delta interval
      due = Math.max(policyDue(), at + DELTA_SYNC_SECONDS * 1000);
      since = at;
    } else if (e.type === 'SyncRunAbandoned.v1') {
      // the dead run had started when a sync was due: the next one was due as soon as its lease lapsed
      if (data.leaseExpiredAt == null) abandonedWithoutLease += 1;
      due = Math.max(due, data.leaseExpiredAt == null ? at : Date.parse(data.leaseExpiredAt));
    }
  }
  return { lateRuns: late.slice(0, 3), abandonedWithoutLease };
};

/** What the events say, per token: the checks of the test, as data (so a failure shows all of it). */
const verdict = (events: readonly StoredEvent[], serials: Record<string, string[]>, startedAt: number) =>
  TOKENS.map((token) => {
    const sync = events.filter((e) => e.streamName === `${streamPrefixes.sync}${token}`);
    // when each run ended: its end event, or for a run whose node died, when its lease lapsed
    const endOf = new Map<string, Readonly<{ at: number; position: number }>>();
    for (const e of sync)
      if (runEnds.has(e.type)) {
        const data = e.data as { runId: string; leaseExpiredAt?: string | null };
        endOf.set(data.runId, { at: Date.parse(data.leaseExpiredAt ?? e.metadata.occurredAt), position: e.position });
      }
    const started = sync.filter((e) => e.type === 'SyncRunStarted.v1');
    // no event of a run (its devices included: they carry the run's correlation id) decided after the run ended
    const lateWrites = events
      .filter((e) => {
        const end = endOf.get(e.metadata.correlationId);
        return end !== undefined && Date.parse(e.metadata.occurredAt) > end.at;
      })
      .slice(0, 3)
      .map((e) => `${e.type} at ${e.metadata.occurredAt} after run ${e.metadata.correlationId} ended`);
    // a write already in flight when its node died cannot commit after the takeover: the store checks the run's lease (its fence)
    const committedAfterEnd = events.filter((e) => {
      const end = endOf.get(e.metadata.correlationId);
      return end !== undefined && e.position > end.position;
    }).length;
    // a full run only when no full fetch ended within the interval before it
    let lastFullAt: number | null = null;
    const earlyFullRuns: string[] = [];
    for (const e of sync) {
      const data = e.data as { kind?: string; phase?: string; moreToFollow?: boolean; fullFetchCompleted?: boolean; startedAt?: string };
      if (e.type === 'SyncRunStarted.v1' && data.kind === 'full' && lastFullAt !== null) {
        if (Date.parse(data.startedAt!) - lastFullAt < FULL_SYNC_SECONDS * 1000) earlyFullRuns.push(data.startedAt!);
      }
      if (e.type === 'SyncPageRecorded.v1' && data.phase === 'fetch' && data.moreToFollow === false)
        lastFullAt = Date.parse(e.metadata.occurredAt);
      if (e.type === 'SyncRunCompleted.v1' && data.fullFetchCompleted === true) lastFullAt = Date.parse(e.metadata.occurredAt);
    }
    const assigned = new Map<string, number>();
    for (const e of events)
      if (e.streamName.startsWith(streamPrefixes.device) && e.type === 'DeviceAssignedToServer.v1')
        assigned.set(e.streamName, (assigned.get(e.streamName) ?? 0) + 1);
    const mine = serials[token]!.map((s) => `${streamPrefixes.device}${s}`);
    return {
      token,
      ...lateRuns(token, events, sync, startedAt),
      lateWrites,
      unendedRunsBeforeLast: started.slice(0, -1).filter((e) => !endOf.has((e.data as { runId: string }).runId)).length,
      earlyFullRuns,
      completed: sync.some((e) => e.type === 'SyncRunCompleted.v1'),
      // every device of the token's server recorded, once; and no device Apple does not have
      devicesEqualApple: mine.every((d) => assigned.has(d)) && assigned.size === TOKENS.reduce((n, t) => n + serials[t]!.length, 0),
      devicesRecordedTwice: mine.filter((d) => (assigned.get(d) ?? 0) > 1).length,
      runs: started.length,
      committedAfterEnd,
      abandoned: sync.filter((e) => e.type === 'SyncRunAbandoned.v1').length,
    };
  });

const healthy = (v: ReturnType<typeof verdict>[number]) => ({
  ...v,
  lateRuns: [],
  abandonedWithoutLease: 0,
  committedAfterEnd: 0,
  lateWrites: [],
  unendedRunsBeforeLast: 0,
  earlyFullRuns: [],
  completed: true,
  devicesEqualApple: true,
  devicesRecordedTwice: 0,
});

/** Waits until some token has a run started and not ended; returns how many events were stored then. */
const waitForOpenRun = async (read: () => Promise<StoredEvent[]>): Promise<number> => {
  for (;;) {
    const events = await read();
    const open = new Set<string>();
    for (const e of events) {
      const runId = (e.data as { runId?: string }).runId;
      if (e.type === 'SyncRunStarted.v1' && runId) open.add(runId);
      if (runEnds.has(e.type) && runId) open.delete(runId);
    }
    if (open.size > 0) return events.length;
    await pause(20);
  }
};

type Chaos = Readonly<{ kills: string[]; startedAt: number; steps: number; passFailures: string[] }>;

/**
 * Three nodes on the test's clock, one killed and started again at random moments (of real time,
 * once every node has made its first pass) while the clock moves CHAOS_CLOCK_MS and until KILLS
 * kills, then on until every token has completed a run since the last kill. The clock moves by
 * STEP_MS once every live node has passed at the current time.
 */
const chaos = async (config: ScheduleChildConfig, read: () => Promise<StoredEvent[]>): Promise<Chaos> => {
  const random = seeded(seed);
  const startedAt = Date.now();
  let now = startedAt;
  let steps = 0;
  const nodes = [startNode(config, now), startNode(config, now), startNode(config, now)];
  const killed = new Set<Node>();
  const kills: string[] = [];
  const passFailures: string[] = [];
  const restart = async (i: number): Promise<void> => {
    const node = nodes[i]!;
    killed.add(node);
    node.process.kill('SIGKILL');
    await node.exited;
    passFailures.push(...node.passFailures());
    kills.push(`node${i}`);
    nodes[i] = startNode(config, now);
  };
  /** Kills come while nodes work, not while they start: the next one waits for every node's first pass. */
  const allStarted = async (): Promise<void> => {
    while (!nodes.every((n) => n.lastPass() > Number.NEGATIVE_INFINITY)) await pause(20);
  };
  let driving = true;
  const clock = (async () => {
    while (driving) {
      while (driving && !nodes.every((n) => n.lastPass() >= now)) {
        // a node that ends by itself never passes again: stop with what it said
        const dead = nodes.find((n) => !killed.has(n) && n.process.exitCode !== null);
        if (dead !== undefined) throw new Error(`a scheduler node exited by itself (seed ${seed}): ${dead.stderr()}`);
        await pause(5);
      }
      now += STEP_MS;
      steps += 1;
      for (const n of nodes) n.tell(now);
    }
  })();
  try {
    // once, the whole fleet dies while a run is open: that run must be taken over by the nodes started after
    const events = await waitForOpenRun(read);
    for (const i of nodes.keys()) await restart(i);
    kills.push(`(all, with ${events} events stored)`);
    await allStarted();
    let randomKills = 0;
    while (now < startedAt + CHAOS_CLOCK_MS || randomKills < KILLS) {
      await pause(300 + Math.floor(random() * 1500));
      const i = Math.floor(random() * nodes.length);
      const node = nodes[i]!;
      expect({ seed, exitedAlone: node.process.exitCode, stderr: node.stderr() }).toEqual({ seed, exitedAlone: null, stderr: '' });
      await restart(i);
      randomKills += 1;
      await allStarted();
    }
    // the survivors must bring every token to a completed run after the last kill
    const since = (await read()).length;
    for (;;) {
      const after = (await read()).slice(since);
      if (TOKENS.every((t) => after.some((e) => e.streamName === `${streamPrefixes.sync}${t}` && e.type === 'SyncRunCompleted.v1'))) break;
      await pause(500);
    }
  } finally {
    driving = false;
    await clock.catch(() => undefined);
    for (const node of nodes) {
      node.process.kill('SIGKILL');
      await node.exited;
      passFailures.push(...node.passFailures());
    }
  }
  await clock;
  return { kills, startedAt, steps, passFailures };
};

const baseConfig = (f: Fleet, store: ScheduleChildConfig['store']): ScheduleChildConfig => ({
  url: f.sim.url,
  credentials: f.credentials,
  store,
  vaultKey: VAULT_KEY.toString('base64'),
  fullSyncSeconds: FULL_SYNC_SECONDS,
  deltaSyncSeconds: DELTA_SYNC_SECONDS,
  runLeaseMs: 3_000,
  pageLimit: 50,
  startAt: new Date().toISOString(),
});

describe('three scheduler nodes on one SQLite file, killed at random', () => {
  const tmp = scratch('nodes');
  let f: Fleet;
  beforeAll(async () => {
    f = await fleet();
  });
  afterAll(async () => {
    await f.sim.simulator.stop();
    tmp.remove();
  });

  it(`run each token one run at a time, as the policy says, and end with Apple's devices (seed ${seed})`, async () => {
    const path = join(tmp.dir, 'shared.db');
    const setup = openSqliteStore({ path, vaultKey: VAULT_KEY });
    for (const t of TOKENS) await prepareToken(setup.events, t, f.credentials[t]!.consumerKey);
    await setup.close();

    const read = async () => {
      const db = openSqliteStore({ path, vaultKey: VAULT_KEY });
      try {
        return await allEvents(db.events);
      } finally {
        await db.close();
      }
    };
    const { kills, startedAt, steps, passFailures } = await chaos(baseConfig(f, { sqlite: path }), read);
    const result = verdict(await read(), f.serials, startedAt);
    console.log(
      `SQLite, ${kills.length} kills, ${steps} clock steps (seed ${seed}): ${JSON.stringify(result.map(({ token, runs, abandoned }) => ({ token, runs, abandoned })))}`,
    );
    expect({ seed, result, passFailures }).toEqual({ seed, result: result.map(healthy), passFailures: [] });
    expect(result.reduce((n, r) => n + r.abandoned, 0)).toBeGreaterThanOrEqual(1);
  });
});

describeWithPostgres('three scheduler nodes on one PostgreSQL schema, killed at random', () => {
  const schema = freshSchemaName('dlnodes');
  let f: Fleet;
  beforeAll(async () => {
    f = await fleet();
  });
  afterAll(async () => {
    await f.sim.simulator.stop();
    await dropSchemas(schema);
  });

  it(`run each token one run at a time, as the policy says, and end with Apple's devices (seed ${seed})`, async () => {
    const setup = await openPostgresStore({ url: testServerUrl, schema, vaultKey: VAULT_KEY });
    for (const t of TOKENS) await prepareToken(setup.events, t, f.credentials[t]!.consumerKey);
    const read = () => allEvents(setup.events);
    try {
      const { kills, startedAt, steps, passFailures } = await chaos(baseConfig(f, { postgres: testServerUrl, schema }), read);
      const result = verdict(await read(), f.serials, startedAt);
      console.log(
        `PostgreSQL, ${kills.length} kills, ${steps} clock steps (seed ${seed}): ${JSON.stringify(result.map(({ token, runs, abandoned }) => ({ token, runs, abandoned })))}`,
      );
      expect({ seed, result, passFailures }).toEqual({ seed, result: result.map(healthy), passFailures: [] });
      expect(result.reduce((n, r) => n + r.abandoned, 0)).toBeGreaterThanOrEqual(1);
    } finally {
      await setup.close();
    }
  });
});
