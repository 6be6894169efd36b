import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { createAppleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator, type AppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  depledgerSerde,
  handleCommand,
  streamPrefixes,
  tokenDecider,
  tokenStream,
  type EventStore,
  type StoredEvent,
  type TokenCommand,
} from '@depledger/core';
import { openPostgresStore } from '@depledger/store-postgres';
import type { FleetNodeConfig } from './fleet-node';
import { failingTenantIndexes, secretsOf, tenantName, tokensOf, type FleetShape } from './fleet-shape';

/**
 * A fleet of organisations kept in sync by scheduler nodes over one PostgreSQL schema, on a clock
 * this process moves: one simulator over HTTP with an MDM server (and its devices) per token, some
 * tenants' Apple answering 503 to everything, `nodes` child processes each running
 * `createFleetScheduler` at its index. The clock stays put until every token of the healthy tenants
 * has completed its first full sync, then moves by `stepMs` over `hourMs` — each step only once
 * every node has worked through what is due at the current time, so what the events show does not
 * depend on the machine's speed. The verdict is read from the events afterwards.
 */
export type FleetRunOptions = Readonly<{
  shape: FleetShape;
  devicesPerToken: number;
  /** Share of the tenants whose MDM servers answer 503 to every call after `/session`. */
  failingShare: number;
  nodes: number;
  /** The node count the nodes are told (the same as `nodes` unless a test shows a wrong one). */
  nodeCount?: number;
  deltaSyncMinutes: number;
  failureBackoffMinutes: number;
  stepMs: number;
  /** How long the clock moves after the first full syncs. */
  hourMs: number;
  concurrency: number;
  perTenant: number;
  standbyMs: number;
  postgresUrl: string;
  schema: string;
  /** How to start a node: Node.js's arguments (the node's module, compiled or through a loader; `--cpu-prof` to profile it). */
  nodeArgs: readonly string[];
  /** Told of progress (set-up, first syncs, the hour's steps). */
  log?: (line: string) => void;
}>;

export type TokenVerdict = Readonly<{
  tenant: string;
  tokenId: string;
  runs: number;
  failedRuns: number;
  refused: number;
  /** Runs started while another run of the token was open. */
  overlapping: number;
  /** Delta syncs started later than their interval after the last completed run, plus a clock step. */
  late: readonly string[];
  /** Delta syncs started before their interval was up. */
  early: number;
  /** A delta sync fallen due before the end that never started. */
  missed: number;
  firstSyncCompleted: boolean;
}>;

export type FleetRunResult = Readonly<{
  healthy: readonly TokenVerdict[];
  failing: readonly TokenVerdict[];
  /** The most runs a failing token may have had: its backoff (first wait, doubling, up to the delta interval) from its first run to the end. */
  failingRunsBound: number;
  startedAt: number;
  hourStartedAt: number;
  endedAt: number;
  setUpMs: number;
  firstSyncsMs: number;
  hourMs: number;
  callsFirstSyncs: number;
  callsHour: number;
  steps: number;
  passFailures: readonly string[];
}>;

type RunningNode = Readonly<{
  process: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
  ready: Promise<void>;
  lastPass: () => number;
  calls: () => number;
  tell: (now: number) => void;
}>;

const startNode = (
  args: readonly string[],
  config: FleetNodeConfig,
  onFullSyncs: (keys: readonly string[]) => void,
  passFailures: string[],
): RunningNode => {
  const child = spawn(process.execPath, [...args], {
    env: { ...process.env, DEPLEDGER_FLEET_NODE: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let lastPass = Number.NEGATIVE_INFINITY;
  let calls = 0;
  let isReady!: () => void;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('{"ready"')) isReady();
    else if (line.startsWith('{"passed"')) {
      const said = JSON.parse(line) as { passed: number; calls: number; fullSyncs: string[] };
      onFullSyncs(said.fullSyncs);
      calls = said.calls;
      lastPass = said.passed;
    } else if (line.startsWith('{"passFailed"')) passFailures.push(line);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin!.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(() => isReady());
  return {
    process: child,
    exited,
    stderr: () => stderr,
    ready,
    lastPass: () => lastPass,
    calls: () => calls,
    tell: (at) => {
      if (child.exitCode === null && child.signalCode === null)
        child.stdin!.write(`${JSON.stringify({ now: new Date(at).toISOString() })}\n`);
    },
  };
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, `width` at a time. */
const inPool = async <T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
};

/**
 * A token as it stands after its upload: its key and server token recorded in its stream. The
 * shortcut of the set-up: no RSA key pair made and no `.p7m` decrypted per token (the nodes' gateway is
 * handed each token's OAuth secrets), which would cost seconds each and measure nothing of the scheduler.
 */
const recordUploadedToken = async (store: EventStore, tokenId: string, consumerKey: string, at: Date): Promise<void> => {
  const command = (c: Omit<TokenCommand, 'metadata'>) =>
    handleCommand(store, depledgerSerde, tokenDecider, tokenStream(tokenId), {
      ...c,
      metadata: { now: at, actor: 'admin:fleet' },
    } as TokenCommand);
  await command({
    type: 'IssueEncryptionKey',
    data: {
      tokenId,
      keyId: `k-${tokenId}`,
      certificatePem: 'PEM',
      fingerprint: 'F'.repeat(64),
      privateKeyRef: `vault:private-key:k-${tokenId}`,
      notAfter: '2099-01-01T00:00:00.000Z',
    },
  });
  await command({
    type: 'UploadServerToken',
    data: {
      tokenId,
      keyId: `k-${tokenId}`,
      consumerKey,
      accessTokenExpiry: '2099-01-01T00:00:00.000Z',
      appleIdRef: 'vault:apple-id:fleet',
      oauthSecretsRef: `vault:oauth-secrets:${tokenId}`,
    },
  });
};

const runEnds = new Set(['SyncRunCompleted.v1', 'SyncRunFailed.v1', 'SyncRunTimedOut.v1', 'SyncRunAbandoned.v1']);

/** What a token's sync stream says: its runs one after the other, each delta on time. */
export const judgeToken = (
  tenant: string,
  tokenId: string,
  sync: readonly StoredEvent[],
  timing: Readonly<{ intervalMs: number; stepMs: number; endedAt: number }>,
): TokenVerdict => {
  let open: string | null = null;
  let dueAt: number | null = null;
  let runs = 0;
  let failedRuns = 0;
  let refused = 0;
  let overlapping = 0;
  let early = 0;
  let firstSyncCompleted = false;
  const late: string[] = [];
  for (const e of sync) {
    const data = e.data as { runId?: string; startedAt?: string };
    if (e.type === 'SyncRunStarted.v1') {
      runs += 1;
      if (open !== null) overlapping += 1;
      open = data.runId ?? '?';
      const start = Date.parse(data.startedAt ?? e.metadata.occurredAt);
      if (dueAt !== null) {
        if (start > dueAt + timing.stepMs) late.push(`${tokenId} run ${runs} started ${start - dueAt} ms after it was due`);
        if (start < dueAt) early += 1;
      }
      dueAt = null;
    } else if (e.type === 'SyncRunRefused.v1') refused += 1;
    else if (runEnds.has(e.type)) {
      if (open !== null && data.runId === open) open = null;
      if (e.type === 'SyncRunCompleted.v1') {
        firstSyncCompleted = true;
        dueAt = Date.parse(e.metadata.occurredAt) + timing.intervalMs;
      } else failedRuns += 1;
    }
  }
  const missed = dueAt !== null && dueAt <= timing.endedAt ? 1 : 0;
  return { tenant, tokenId, runs, failedRuns, refused, overlapping, late: late.slice(0, 3), early, missed, firstSyncCompleted };
};

/** A healthy token kept on schedule: every run completed, one at a time, each delta within its interval. */
export const onSchedule = (v: TokenVerdict): boolean =>
  v.firstSyncCompleted &&
  v.failedRuns === 0 &&
  v.refused === 0 &&
  v.overlapping === 0 &&
  v.late.length === 0 &&
  v.early === 0 &&
  v.missed === 0;

/** The most runs a token failing throughout can have from `from` to `to`: backoff `first`, doubling, up to `ceiling`, each run at the next clock step. */
export const failingRunsBound = (from: number, to: number, firstMs: number, ceilingMs: number, stepMs: number): number => {
  let at = from;
  let runs = 0;
  for (let failures = 1; at <= to; failures++) {
    runs += 1;
    const wait = Math.min(ceilingMs, firstMs * 2 ** (failures - 1));
    at = from + Math.ceil((at + wait - from) / stepMs) * stepMs;
  }
  return runs;
};

export const runFleet = async (options: FleetRunOptions): Promise<FleetRunResult> => {
  const log = options.log ?? (() => undefined);
  const { shape } = options;
  const setUpStarted = performance.now();
  const startedAt = Date.parse('2026-03-02T08:00:00.000Z');
  const sim: AppleSimulator = createAppleSimulator({ seed: 23 });
  const failingIndexes = new Set(failingTenantIndexes(shape, options.failingShare));
  const failingServers: string[] = [];
  for (let t = 0; t < shape.tenants; t++)
    for (const tokenId of tokensOf(shape, t)) {
      const s = secretsOf(shape, tokenId);
      const issued = sim.createServerWithCredentials({
        name: `${tenantName(t)} ${tokenId}`,
        credentials: {
          consumer_key: s.consumerKey,
          consumer_secret: s.consumerSecret,
          access_token: s.accessToken,
          access_secret: s.accessSecret,
        },
      });
      sim.devices.seed({ count: options.devicesPerToken, serverId: issued.serverId });
      if (failingIndexes.has(t)) failingServers.push(issued.serverId);
    }
  if (failingServers.length > 0) sim.faults.set({ failingServers: { serverIds: failingServers, status: 503 } });
  const { url } = await sim.start(0, '127.0.0.1');
  sim.clock.set(new Date(startedAt));
  const vaultKey = randomBytes(32);
  const db = await openPostgresStore({ url: options.postgresUrl, schema: options.schema, vaultKey });
  const nodes: RunningNode[] = [];
  const passFailures: string[] = [];
  try {
    const operator = createDepledger({
      store: db.events,
      vault: db.vault,
      pki: createAppleTokenPki(),
      gateway: createAppleGateway({ baseUrl: url, credentials: async () => undefined }),
    });
    const tokens = Array.from({ length: shape.tenants }, (_, t) => tokensOf(shape, t).map((tokenId) => ({ t, tokenId }))).flat();
    let recorded = 0;
    await inPool(tokens, 8, async ({ t, tokenId }) => {
      await recordUploadedToken(
        operator.forTenant(tenantName(t)).store,
        tokenId,
        secretsOf(shape, tokenId).consumerKey,
        new Date(startedAt),
      );
      if (++recorded % 1000 === 0) log(`${recorded} tokens recorded`);
    });
    const setUpMs = performance.now() - setUpStarted;
    log(
      `set up in ${(setUpMs / 1000).toFixed(1)} s: ${tokens.length} tokens of ${shape.tenants} tenants, ${failingServers.length} failing`,
    );

    const healthyKeys = new Set(tokens.filter(({ t }) => !failingIndexes.has(t)).map(({ t, tokenId }) => `${tenantName(t)}/${tokenId}`));
    const fullySynced = new Set<string>();
    const onFullSyncs = (keys: readonly string[]) => {
      for (const key of keys) fullySynced.add(key);
    };
    const firstSyncsStarted = performance.now();
    let now = startedAt;
    const configOf = (index: number): FleetNodeConfig => ({
      shape,
      appleUrl: url,
      postgresUrl: options.postgresUrl,
      schema: options.schema,
      vaultKey: vaultKey.toString('base64'),
      node: { index, count: options.nodeCount ?? options.nodes },
      deltaSyncMinutes: options.deltaSyncMinutes,
      failureBackoffMinutes: options.failureBackoffMinutes,
      concurrency: options.concurrency,
      perTenant: options.perTenant,
      standbyMs: options.standbyMs,
      startAt: new Date(now).toISOString(),
    });
    for (let i = 0; i < options.nodes; i++) nodes.push(startNode(options.nodeArgs, configOf(i), onFullSyncs, passFailures));
    const allPassed = async (): Promise<void> => {
      while (!nodes.every((n) => n.lastPass() >= now)) {
        const dead = nodes.find((n) => n.process.exitCode !== null || n.process.signalCode !== null);
        if (dead !== undefined) throw new Error(`a scheduler node exited by itself: ${dead.stderr()}`);
        await pause(5);
      }
    };
    const step = () => {
      now += options.stepMs;
      sim.clock.set(new Date(now));
      for (const n of nodes) n.tell(now);
    };
    let steps = 0;
    // the first full syncs: the clock moves only if a pass leaves some healthy token unsynced
    for (;;) {
      await allPassed();
      if ([...healthyKeys].every((k) => fullySynced.has(k))) break;
      step();
      steps += 1;
    }
    const firstSyncsMs = performance.now() - firstSyncsStarted;
    const callsFirstSyncs = nodes.reduce((n, node) => n + node.calls(), 0);
    const hourStartedAt = now;
    log(`first full syncs in ${(firstSyncsMs / 1000).toFixed(1)} s (${callsFirstSyncs} Apple calls, ${steps} clock steps)`);
    const hourStarted = performance.now();
    while (now < hourStartedAt + options.hourMs) {
      step();
      steps += 1;
      await allPassed();
      if ((now - hourStartedAt) % (10 * 60_000) === 0)
        log(`${(now - hourStartedAt) / 60_000} simulated minutes in ${((performance.now() - hourStarted) / 1000).toFixed(1)} s`);
    }
    const hourMs = performance.now() - hourStarted;
    const callsHour = nodes.reduce((n, node) => n + node.calls(), 0) - callsFirstSyncs;
    const endedAt = now;

    const timing = { intervalMs: options.deltaSyncMinutes * 60_000, stepMs: options.stepMs, endedAt };
    const healthy: TokenVerdict[] = [];
    const failing: TokenVerdict[] = [];
    for (const { t, tokenId } of tokens) {
      const sync: StoredEvent[] = [];
      for await (const e of operator.forTenant(tenantName(t)).store.readStream(`${streamPrefixes.sync}${tokenId}`)) sync.push(e);
      (failingIndexes.has(t) ? failing : healthy).push(judgeToken(tenantName(t), tokenId, sync, timing));
    }
    const bound = failingRunsBound(startedAt, endedAt, options.failureBackoffMinutes * 60_000, timing.intervalMs, options.stepMs);
    return {
      healthy,
      failing,
      failingRunsBound: bound,
      startedAt,
      hourStartedAt,
      endedAt,
      setUpMs,
      firstSyncsMs,
      hourMs,
      callsFirstSyncs,
      callsHour,
      steps,
      passFailures,
    };
  } finally {
    for (const n of nodes) {
      n.process.kill('SIGTERM');
      const timer = setTimeout(() => n.process.kill('SIGKILL'), 10_000);
      await n.exited;
      clearTimeout(timer);
    }
    await db.close();
    await sim.stop();
  }
};
