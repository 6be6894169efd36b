import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startAppleSimulator, type StartedSimulator } from '@depledger/apple-simulator';
import { deviceStream } from '@depledger/core';
import { openSqliteStore } from '@depledger/store-sqlite';
import type { ConcurrencyChildConfig } from './children/concurrency-child';
import { scratch } from './support';
import { prepareTokenFile } from './token-file';

/**
 * Issue 10, "Concurrency": separate processes on one SQLite file, released at the same moment by a
 * shared start time. Two of them request a sync of the same token, 20 times: each time one runs and
 * the other is refused. Three of them then enroll and unenroll one device as fast as they can:
 * every event a command reported as appended is in the stream, once, and nothing else is; every
 * refusal is typed.
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const ROUNDS = 20;
const TOKEN = 'acme';
const VAULT_KEY = Buffer.alloc(32, 10);
const register = join(__dirname, 'children', 'register.cjs');

type Child = Readonly<{ process: ChildProcess; send(order: object): void; next(): Promise<Record<string, unknown>>; stderr: () => string }>;

const startChild = (config: ConcurrencyChildConfig): Child => {
  const proc = spawn(process.execPath, [register, 'concurrency-child.ts'], {
    env: { ...process.env, DEPLEDGER_CONCURRENCY_CHILD: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiting: ((line: Record<string, unknown>) => void)[] = [];
  let stderr = '';
  createInterface({ input: proc.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    process: proc,
    send: (order) => proc.stdin!.write(`${JSON.stringify(order)}\n`),
    next: () => {
      const line = lines.shift();
      return line ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
    },
    stderr: () => stderr,
  };
};

describe('processes on one SQLite file, at the same moment', () => {
  const tmp = scratch('concurrency');
  const dbPath = tmp.file('depledger.db');
  let sim: StartedSimulator;
  const children: Child[] = [];

  beforeAll(async () => {
    sim = await startAppleSimulator({ devices: 30, host: '127.0.0.1' });
    await prepareTokenFile(dbPath, VAULT_KEY, TOKEN, sim.server.credentials.consumer_key);
    const c = sim.server.credentials;
    const config = (name: string): ConcurrencyChildConfig => ({
      url: sim.url,
      credentials: {
        consumerKey: c.consumer_key,
        consumerSecret: c.consumer_secret,
        accessToken: c.access_token,
        accessSecret: c.access_secret,
      },
      dbPath,
      vaultKey: VAULT_KEY.toString('base64'),
      tokenId: TOKEN,
      name,
    });
    for (const name of ['a', 'b', 'c']) children.push(startChild(config(name)));
    for (const child of children) expect(await child.next()).toEqual({ ready: true });
  });

  afterAll(async () => {
    for (const child of children) {
      child.process.stdin!.end();
      if (child.process.exitCode === null) await new Promise((resolve) => child.process.on('exit', resolve));
    }
    await sim.simulator.stop();
    tmp.remove();
  });

  it(`two processes request a sync of one token at the same moment, ${ROUNDS} times: one runs, the other is refused`, async () => {
    // Apple answers slowly enough that the run lasts well past the moment both asked.
    sim.simulator.faults.set({ latencyMs: 80 });
    const [a, b] = children as [Child, Child];
    const outcomes: string[] = [];
    const reasons = new Set<string>();
    for (let round = 1; round <= ROUNDS; round++) {
      const at = Date.now() + 120;
      a.send({ round, at });
      b.send({ round, at });
      const answers = [await a.next(), await b.next()];
      const statuses = answers.map((x) => x.status).sort();
      outcomes.push(`${round}: ${statuses.join('/')}`);
      expect({ round, statuses, stderr: a.stderr() + b.stderr() }).toEqual({ round, statuses: ['completed', 'refused'], stderr: '' });
      for (const x of answers) if (x.status === 'refused') reasons.add(String(x.reason));
    }
    sim.simulator.faults.reset();
    expect([...reasons].every((r) => /^[a-z_]+$/.test(r))).toBe(true);
    if (process.env.DEPLEDGER_RELIABILITY_FIGURES)
      process.stdout.write(`${JSON.stringify({ rounds: outcomes.length, reasons: [...reasons] })}\n`);

    // The log agrees: one SyncRunStarted per round, one SyncRunRefused per round.
    const db = openSqliteStore({ path: dbPath, vaultKey: VAULT_KEY });
    try {
      const types: string[] = [];
      for await (const e of db.events.readStream(`dep-sync-${TOKEN}`)) types.push(e.type.replace(/\.v\d+$/, ''));
      expect(types.filter((t) => t === 'SyncRunStarted')).toHaveLength(ROUNDS);
      expect(types.filter((t) => t === 'SyncRunCompleted')).toHaveLength(ROUNDS);
      expect(types.filter((t) => t === 'SyncRunRefused')).toHaveLength(ROUNDS);
    } finally {
      await db.close();
    }
  });

  it('three processes enroll and unenroll one device at once: no event lost, none doubled, every refusal typed', async () => {
    const serial = sim.serials[0]!;
    const db = openSqliteStore({ path: dbPath, vaultKey: VAULT_KEY });
    try {
      const before = await db.events.streamRevision(deviceStream(serial));
      expect(before).toBeGreaterThanOrEqual(0); // the syncs above brought the device in
      const at = Date.now() + 150;
      for (const child of children) child.send({ serial, count: 40, at });
      const answers = (await Promise.all(children.map((child) => child.next()))) as { appended: string[]; refused: string[] }[];
      const appended = answers.flatMap((x) => x.appended);
      const refused = answers.flatMap((x) => x.refused);
      expect(refused.filter((code) => !/^[A-Z][A-Z0-9_]+$/.test(code))).toEqual([]);
      expect(appended.length).toBeGreaterThan(10);
      if (process.env.DEPLEDGER_RELIABILITY_FIGURES) {
        const codes = Object.fromEntries([...new Set(refused)].map((code) => [code, refused.filter((c) => c === code).length]));
        process.stdout.write(`${JSON.stringify({ commands: 3 * 40, appended: appended.length, refused: codes })}\n`);
      }

      const stored: { id: string; revision: number }[] = [];
      for await (const e of db.events.readStream(deviceStream(serial), { fromRevision: before + 1 }))
        stored.push({ id: e.metadata.eventId, revision: e.revision });
      expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => before + 1 + i));
      expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
      expect(stored.map((e) => e.id).sort()).toEqual([...appended].sort());
    } finally {
      await db.close();
    }
  });
});
