import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SyncChildConfig } from './kill/sync-child-main';
import { credentialsOf, startSyncHarness, syncStateOf, TOKEN, VAULT_KEY, type SyncHarness } from './sync-harness';

/**
 * A child process syncing 6 000 devices from the simulator into SQLite is killed (SIGKILL) at
 * random pages several times, then left to finish. The device events must be those of an
 * uninterrupted run: one DeviceAssignedToServer per device, none missing, none doubled.
 * What the kills meet is the number of pages (40 in the fetch), not the number of devices: pages of
 * 150 keep the 40 pages at a third of the work. The limit only guards against a hang.
 */
jest.setTimeout(400_000);

const DEVICES = 6_000;
const PAGE_LIMIT = 150;
const child = join(__dirname, 'kill', 'sync-child.cjs');

type ChildRun = Readonly<{ process: ChildProcess; pages: () => number; exited: Promise<number | null>; stderr: () => string }>;

const startChild = (config: SyncChildConfig): ChildRun => {
  const proc = spawn(process.execPath, [child], {
    env: { ...process.env, DEPLEDGER_SYNC_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pages = 0;
  let stderr = '';
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    if (line.startsWith('{"page"')) pages += 1;
  });
  proc.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { process: proc, pages: () => pages, exited, stderr: () => stderr };
};

const waitFor = async (condition: () => boolean, exited: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void exited.then(() => (done = true));
  while (!condition() && !done) await new Promise((resolve) => setTimeout(resolve, 2));
  return condition();
};

/** A small seeded generator, so a failing sequence of kill points can be replayed. */
const seeded = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

let h: SyncHarness;
afterEach(async () => {
  await h?.close();
});

it('killed at random points and resumed, a sync of 6 000 devices ends with every device recorded exactly once', async () => {
  h = await startSyncHarness({ devices: DEVICES });
  const config: SyncChildConfig = {
    url: h.sim.url,
    credentials: credentialsOf(h),
    dbPath: h.db.database.path,
    vaultKey: VAULT_KEY.toString('base64'),
    tokenId: TOKEN,
    runDeadlineMs: 1500,
    pageLimit: PAGE_LIMIT,
  };
  const seed = Number(process.env.DEPLEDGER_KILL_SEED ?? Date.now() % 100_000);
  const random = seeded(seed);
  const kills: number[] = [];
  for (let i = 0; i < 4; i++) {
    const run = startChild(config);
    // At most 4 × 8 of the 40 fetch pages: every child is killed before the fetch can finish.
    const killAfter = 1 + Math.floor(random() * 8);
    const reached = await waitFor(() => run.pages() >= killAfter, run.exited);
    if (!reached) throw new Error(`child exited before page ${killAfter} (seed ${seed}): ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 30)));
    run.process.kill('SIGKILL');
    await run.exited;
    kills.push(killAfter);
  }
  const last = startChild(config);
  expect(await last.exited).toBe(0);

  const counts = new Map<string, number>();
  const others: string[] = [];
  for await (const e of h.store.readAll({ streamPrefixes: ['dep-device-'] })) {
    if (!e.type.startsWith('DeviceAssignedToServer')) others.push(`${e.streamName} ${e.type}`);
    else counts.set(e.streamName, (counts.get(e.streamName) ?? 0) + 1);
  }
  const context = `seed ${seed}, killed after pages ${kills.join(', ')}`;
  expect({ context, others }).toEqual({ context, others: [] });
  expect({ context, doubled: [...counts].filter(([, n]) => n !== 1) }).toEqual({ context, doubled: [] });
  expect({ context, devices: [...counts.keys()].sort() }).toEqual({ context, devices: h.sim.serials.map((s) => `dep-device-${s}`).sort() });
  expect(await syncStateOf(h.store)).toMatchObject({ status: 'idle', cursor: { phase: 'sync' } });
  const started: string[] = [];
  for await (const e of h.store.readStream(`dep-sync-${TOKEN}`)) if (e.type.startsWith('SyncRunStarted')) started.push(e.type);
  expect(started.length).toBeGreaterThan(4);
});
