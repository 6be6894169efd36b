import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createManualClock, startAppleSimulator, type StartedSimulator } from '@depledger/apple-simulator';
import { syncStream, type EventStore, type Vault, type VaultRef } from '@depledger/core';
import { createInMemoryReadModelStore, createProjectionRunner, deviceStatusProjection, type ReadModelStore } from '@depledger/projections';
import { openSqliteStore } from '@depledger/store-sqlite';
import type { SyncChildConfig } from './children/sync-child';
import { readModelDocuments, scratch, seeded, seedFrom } from './support';
import { prepareTokenFile } from './token-file';

/**
 * Issue 10, "Crash": a child process syncing a 6 000-device fleet into SQLite, with the
 * device-status read model following the store live in the same file, is killed (SIGKILL) at random
 * moments ten times and restarted each time. The device events (per device, by type, operation and
 * Apple date) and the device-status read model must equal those of a run that was never
 * interrupted; page records must chain cursor to cursor, each cursor recorded once.
 * `DEPLEDGER_CRASH_SEED` replays a sequence of kill moments.
 * The kills meet pages, not devices: 6 000 devices in pages of 150 give the 40 fetch pages that 20 000 in
 * pages of 500 gave, at a third of the work. The limit only guards against a hang on a busy machine.
 */
jest.setTimeout(400_000);

const DEVICES = 6_000;
const PAGE_LIMIT = 150;
const KILLS = 10;
const TOKEN = 'acme';
const VAULT_KEY = Buffer.alloc(32, 8);
const seed = seedFrom('DEPLEDGER_CRASH_SEED');
const register = join(__dirname, 'children', 'register.cjs');
/** Both simulators stand still at the same moment: Apple's dates in the feed are the same in both runs. */
const appleNow = new Date(Math.floor(Date.now() / 1000) * 1000);

type Child = Readonly<{
  process: ChildProcess;
  pages: () => number;
  ready: () => boolean;
  exited: Promise<number | null>;
  stderr: () => string;
}>;

const startChild = (config: SyncChildConfig): Child => {
  const proc = spawn(process.execPath, [register, 'sync-child.ts'], {
    env: { ...process.env, DEPLEDGER_SYNC_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pages = 0;
  let ready = false;
  let stderr = '';
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    if (line.startsWith('{"page"')) pages += 1;
    if (line.startsWith('{"ready"')) ready = true;
  });
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { process: proc, pages: () => pages, ready: () => ready, exited, stderr: () => stderr };
};

const until = async (condition: () => boolean, exited: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void exited.then(() => (done = true));
  while (!condition() && !done) await new Promise((resolve) => setTimeout(resolve, 2));
  return condition();
};

type Organisation = Readonly<{ sim: StartedSimulator; dbPath: string; config: (runDeadlineMs: number) => SyncChildConfig }>;

/** A simulator (same seed, same frozen clock) and a SQLite file holding an active token. */
const organisation = async (dir: string, name: string): Promise<Organisation> => {
  const sim = await startAppleSimulator({ devices: DEVICES, seed: 42, clock: createManualClock(appleNow), host: '127.0.0.1' });
  const dbPath = join(dir, `${name}.db`);
  await prepareTokenFile(dbPath, VAULT_KEY, TOKEN, sim.server.credentials.consumer_key);
  const c = sim.server.credentials;
  return {
    sim,
    dbPath,
    config: (runDeadlineMs) => ({
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
      runDeadlineMs,
      pageLimit: PAGE_LIMIT,
    }),
  };
};

/** `stream type operation operationDate` of every Apple fact about a device, sorted (duplicates kept). */
const deviceFacts = async (store: EventStore): Promise<string[]> => {
  const lines: string[] = [];
  for await (const e of store.readAll({ streamPrefixes: ['dep-device-'] })) {
    const data = e.data as { operation?: string; operationDate?: string | null };
    lines.push(`${e.streamName} ${e.type} ${data.operation ?? '-'} ${data.operationDate ?? '-'}`);
  }
  return lines.sort();
};

type PageRecord = Readonly<{ runId: string; phase: 'fetch' | 'sync'; cursorIn: string | null; cursorOut: string; moreToFollow: boolean }>;
const pageRecords = async (store: EventStore): Promise<PageRecord[]> => {
  const pages: PageRecord[] = [];
  for await (const e of store.readStream(syncStream(TOKEN))) if (e.type.startsWith('SyncPageRecorded')) pages.push(e.data as PageRecord);
  return pages;
};

/** The device-status documents without the times taken from the local clock (when depledger saw it). */
const deviceStatusDocs = async (readModels: ReadModelStore, withLocalTimes = false): Promise<Map<string, unknown>> => {
  const docs = await readModelDocuments(readModels, [deviceStatusProjection.name]);
  if (withLocalTimes) return docs;
  return new Map([...docs].map(([key, doc]) => [key, { ...(doc as object), statusSince: null, updatedAt: null }]));
};

/**
 * The documents with each person reference replaced by who it names: references are a store's own (random,
 * so that a forgotten person cannot be looked up again), so two stores name the same person differently.
 */
const withPeopleRevealed = async (docs: Map<string, unknown>, vault: Vault): Promise<Map<string, unknown>> => {
  const named = new Map<string, string | null>();
  const out = new Map<string, unknown>();
  for (const [key, doc] of docs) {
    const ref = (doc as { assignedByRef?: unknown }).assignedByRef;
    if (typeof ref !== 'string') {
      out.set(key, doc);
      continue;
    }
    if (!named.has(ref)) named.set(ref, await vault.reveal(ref as VaultRef));
    out.set(key, { ...(doc as object), assignedByRef: `person named ${String(named.get(ref))}` });
  }
  return out;
};

describe('a 6 000-device sync killed ten times', () => {
  const tmp = scratch('crash');
  const organisations: Organisation[] = [];
  afterAll(async () => {
    for (const o of organisations) await o.sim.simulator.stop();
    tmp.remove();
  });

  it(`ends with the events and read model of an uninterrupted run (seed ${seed})`, async () => {
    const reference = await organisation(tmp.dir, 'reference');
    const crashed = await organisation(tmp.dir, 'crashed');
    organisations.push(reference, crashed);
    expect(crashed.sim.serials).toEqual(reference.sim.serials);

    const straight = startChild(reference.config(600_000));
    expect({ code: await straight.exited, stderr: straight.stderr() }).toEqual({ code: 0, stderr: '' });

    const random = seeded(seed);
    const kills: string[] = [];
    let exitedAlone = 0;
    while (kills.length < KILLS) {
      const child = startChild(crashed.config(1_500));
      // Most kills land mid-sync after some pages; some during start-up or the read model's catch-up.
      const afterPages = random() < 0.2 ? 0 : 1 + Math.floor(random() * 3);
      const reached = await until(() => child.ready() && child.pages() >= afterPages, child.exited);
      const delayMs = Math.floor(random() * 250);
      // Some moment within the next page, whatever the machine's speed: the kill lands when one more
      // page is recorded at the latest, so each kill costs the run at most one page beyond the planned
      // ones, and all ten fit in the fleet's 40 pages even where a page takes far less than the delay.
      const atReach = child.pages();
      const killAt = Date.now() + delayMs;
      await until(() => Date.now() >= killAt || child.pages() > atReach, child.exited);
      if (!reached || child.process.exitCode !== null) {
        // It finished (or failed) before the kill: that must be a clean exit.
        expect({ code: await child.exited, stderr: child.stderr(), seed }).toEqual({ code: 0, stderr: '', seed });
        exitedAlone += 1;
        if (exitedAlone > 3) break;
        continue;
      }
      child.process.kill('SIGKILL');
      await child.exited;
      kills.push(`${afterPages}p+${delayMs}ms`);
    }
    const last = startChild(crashed.config(1_500));
    expect({ code: await last.exited, stderr: last.stderr(), seed }).toEqual({ code: 0, stderr: '', seed });
    const context = `seed ${seed}, kills ${kills.join(' ')}`;
    expect({ context, kills: kills.length }).toEqual({ context, kills: KILLS });

    const ref = openSqliteStore({ path: reference.dbPath, vaultKey: VAULT_KEY });
    const got = openSqliteStore({ path: crashed.dbPath, vaultKey: VAULT_KEY });
    try {
      // Device events: the same facts, none missing, none doubled.
      const expectedFacts = await deviceFacts(ref.events);
      expect(expectedFacts).toHaveLength(DEVICES);
      const facts = await deviceFacts(got.events);
      expect({ context, missing: expectedFacts.filter((f) => !facts.includes(f)).slice(0, 5), count: facts.length }).toEqual({
        context,
        missing: [],
        count: DEVICES,
      });
      expect(facts).toEqual(expectedFacts);

      // Every page record continues from the one before: no page skipped, no cursor recorded twice.
      // A new fetch may start only after a page that ended its feed: a full run killed after its
      // fetch's last page but before the run completed leaves the next full run to fetch again.
      const pages = await pageRecords(got.events);
      const startsFetch = (p: PageRecord) => p.cursorIn === null && p.phase === 'fetch';
      const broken = pages.flatMap((p, i) => {
        const before = pages[i - 1];
        if (before === undefined || p.cursorIn === before.cursorOut || (startsFetch(p) && !before.moreToFollow)) return [];
        return [`page ${i + 1}: in ${p.cursorIn} after out ${before.cursorOut}`];
      });
      expect({ context, broken, first: pages[0]?.cursorIn }).toEqual({ context, broken: [], first: null });
      expect(new Set(pages.map((p) => p.cursorOut)).size).toBe(pages.length);
      expect(new Set(pages.map((p) => p.runId)).size).toBeGreaterThan(KILLS / 2);

      // The read model, kept current through the kills, equals the uninterrupted run's…
      const readModel = await deviceStatusDocs(got.readModels);
      expect(readModel.size).toBe(DEVICES);
      expect(await withPeopleRevealed(readModel, got.vault)).toEqual(
        await withPeopleRevealed(await deviceStatusDocs(ref.readModels), ref.vault),
      );
      // …and a rebuild of the crashed store's own events, times included: no fold lost or doubled.
      const rebuilt = createInMemoryReadModelStore();
      await createProjectionRunner({ eventStore: got.events, readModels: rebuilt, projections: [deviceStatusProjection] }).catchUp();
      expect(await deviceStatusDocs(got.readModels, true)).toEqual(await deviceStatusDocs(rebuilt, true));
    } finally {
      await ref.close();
      await got.close();
    }
  });
});
