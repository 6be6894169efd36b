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
 * 2 s) and a 3 s run lease; for a bounded time one of them is killed with SIGKILL at random
 * moments and started again. Then, from the recorded events: no two runs of a token overlap (no
 * event of a run after its end), no full sync inside the full-sync interval, every token synced and
 * every run a dead node left taken over (the whole fleet is killed once while a run is open), and
 * the devices equal Apple's, each recorded once.
 * `DEPLEDGER_NODES_SEED` replays a sequence of kills.
 */
jest.setTimeout(300_000); // a hang guard only

const TOKENS = ['north', 'south'] as const;
const DEVICES = 1_500;
const CHAOS_MS = 15_000;
const FULL_SYNC_SECONDS = 8;
const VAULT_KEY = Buffer.alloc(32, 19);
const register = join(__dirname, 'children', 'register.cjs');
const seed = seedFrom('DEPLEDGER_NODES_SEED');

type Node = Readonly<{ process: ChildProcess; exited: Promise<number | null>; stderr: () => string; ready: Promise<void> }>;

const startNode = (config: ScheduleChildConfig): Node => {
  const proc = spawn(process.execPath, [register, 'schedule-child.ts'], {
    env: { ...process.env, DEPLEDGER_SCHEDULE_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let isReady!: () => void;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    if (line.startsWith('{"ready"')) isReady();
  });
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  void exited.then(() => isReady());
  return { process: proc, exited, stderr: () => stderr, ready };
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

/** What the events say, per token: the checks of the test, as data (so a failure shows all of it). */
const verdict = (events: readonly StoredEvent[], serials: Record<string, string[]>) =>
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
    // a write already in flight when its node died may still commit after the takeover (idempotent: reported, not a fault)
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

/** Three nodes, one killed and started again at random moments for CHAOS_MS, then one alone until every token has synced since. */
const chaos = async (config: ScheduleChildConfig, read: () => Promise<StoredEvent[]>): Promise<string[]> => {
  const random = seeded(seed);
  const nodes = [startNode(config), startNode(config), startNode(config)];
  const kills: string[] = [];
  // once, the whole fleet dies while a run is open: that run must be taken over by the nodes started after
  const events = await waitForOpenRun(read);
  for (const [i, node] of nodes.entries()) {
    node.process.kill('SIGKILL');
    await node.exited;
    kills.push(`node${i}`);
    nodes[i] = startNode(config);
  }
  kills.push(`(all, with ${events} events stored)`);
  const end = Date.now() + CHAOS_MS;
  while (Date.now() < end) {
    await pause(300 + Math.floor(random() * 1500));
    const i = Math.floor(random() * nodes.length);
    const node = nodes[i]!;
    expect({ seed, exitedAlone: node.process.exitCode, stderr: node.stderr() }).toEqual({ seed, exitedAlone: null, stderr: '' });
    node.process.kill('SIGKILL');
    await node.exited;
    kills.push(`node${i}`);
    nodes[i] = startNode(config);
  }
  // the survivors must bring every token to a completed run after the last kill
  const since = (await read()).length;
  for (;;) {
    const after = (await read()).slice(since);
    if (TOKENS.every((t) => after.some((e) => e.streamName === `${streamPrefixes.sync}${t}` && e.type === 'SyncRunCompleted.v1'))) break;
    await pause(500);
  }
  for (const node of nodes) {
    node.process.kill('SIGKILL');
    await node.exited;
  }
  return kills;
};

const baseConfig = (f: Fleet, store: ScheduleChildConfig['store']): ScheduleChildConfig => ({
  url: f.sim.url,
  credentials: f.credentials,
  store,
  vaultKey: VAULT_KEY.toString('base64'),
  fullSyncSeconds: FULL_SYNC_SECONDS,
  deltaSyncSeconds: 2,
  runLeaseMs: 3_000,
  pageLimit: 50,
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
    const kills = await chaos(baseConfig(f, { sqlite: path }), read);
    const result = verdict(await read(), f.serials);
    console.log(
      `SQLite, ${kills.length} kills (seed ${seed}): ${JSON.stringify(result.map(({ token, runs, abandoned, committedAfterEnd }) => ({ token, runs, abandoned, committedAfterEnd })))}`,
    );
    expect({ seed, result }).toEqual({ seed, result: result.map(healthy) });
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
      const kills = await chaos(baseConfig(f, { postgres: testServerUrl, schema }), read);
      const result = verdict(await read(), f.serials);
      console.log(
        `PostgreSQL, ${kills.length} kills (seed ${seed}): ${JSON.stringify(result.map(({ token, runs, abandoned, committedAfterEnd }) => ({ token, runs, abandoned, committedAfterEnd })))}`,
      );
      expect({ seed, result }).toEqual({ seed, result: result.map(healthy) });
      expect(result.reduce((n, r) => n + r.abandoned, 0)).toBeGreaterThanOrEqual(1);
    } finally {
      await setup.close();
    }
  });
});
