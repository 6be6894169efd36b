import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { depledgerSerde, type EventStore } from '@depledger/core';
import { readModelCheckpoints } from '@depledger/projections';
import { createSqliteEventStore, createSqliteReadModelStore, openSqliteDatabase } from './index';
import { tempDirectory } from './testing/temp-directory';

// A durable consumer in a real child process on a SQLite file, killed with SIGKILL halfway and
// started again: it resumes from the checkpoint stored in the file (issue 21).

const root = join(__dirname, '..', '..', '..');
const worker = join(__dirname, '..', 'test-fixtures', 'consumer-worker.cjs');

const startWorker = (args: string[]) => {
  const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exit, output: () => out, errors: () => err };
};

type Delivery = { position: number; eventId: string };
const deliveries = (log: string): Delivery[] =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => {
          const [position, eventId] = line.split(' ');
          return { position: Number(position), eventId: eventId as string };
        })
    : [];

/** Waits (without a time limit of its own: jest's timeout is the limit) until the condition holds. */
const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
};

const enrolments = async (store: EventStore, serials: readonly string[]) => {
  for (const serial of serials) {
    await store.appendToStream(
      `dep-device-${serial}`,
      [
        depledgerSerde.encode({
          type: 'DeviceEnrolled',
          data: { serial, tokenId: 'paris', enrolledAt: '2026-03-02T10:00:00.000Z', userRef: null, profileUuid: null },
          metadata: {
            eventId: `enrolled-${serial}`,
            occurredAt: '2026-03-02T10:00:00.000Z',
            actor: 'mdm:checkin',
            correlationId: serial,
            causationId: null,
            tokenId: 'paris',
          },
        }),
      ],
      { expectedRevision: 'any' },
    );
  }
};

describe('a durable consumer on a SQLite file', () => {
  let directory: ReturnType<typeof tempDirectory>;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'packages/store-sqlite'], {
      cwd: root,
      stdio: 'pipe',
    });
  }, 120_000);
  beforeEach(() => (directory = tempDirectory('consumer')));
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    directory.remove();
  });

  it('killed with SIGKILL halfway, resumes from its stored checkpoint: every event handled, in order, only the one in flight twice', async () => {
    const path = directory.file('depledger.db');
    const log = directory.file('deliveries.log');
    const serials = Array.from({ length: 400 }, (_, i) => (i === 150 ? 'POISON-151' : `SER${String(i + 1).padStart(5, '0')}`));
    const store = createSqliteEventStore({ path });
    await enrolments(store, serials);
    await store.close();

    const first = startWorker([path, log, 'hang-after:120']);
    children.push(first.child);
    await until(() => deliveries(log).length >= 120 || first.child.exitCode !== null);
    first.child.kill('SIGKILL');
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    const beforeKill = deliveries(log);
    expect(beforeKill).toHaveLength(120);

    // the checkpoint stored in the file is the event before the one in flight
    const database = openSqliteDatabase(path);
    const stored = await readModelCheckpoints(createSqliteReadModelStore(database)).get('mdm-webhooks');
    database.close();
    expect(stored.position).toBe((beforeKill[118] as Delivery).position);

    const second = startWorker([path, log, 'until-caught-up']);
    children.push(second.child);
    expect(await second.exit).toEqual({ code: 0, signal: null });
    const report = JSON.parse(second.output().split('\n')[1] as string) as {
      position: number;
      deadLetters: { position: number; attempts: number }[];
    };

    const all = deliveries(log);
    const expected = serials.filter((s) => !s.startsWith('POISON')).map((s) => `enrolled-${s}`);
    // every wanted event, in the store's order, each once except the one in flight at the kill
    expect([...new Set(all.map((d) => d.eventId))]).toEqual(expected);
    expect(all.map((d) => d.eventId)).toEqual([...expected.slice(0, 120), ...expected.slice(119)]);
    // the poisoned enrolment is set aside, recorded in the file, and the consumer went past it
    expect(report.position).toBe(serials.length);
    expect(report.deadLetters).toEqual([
      expect.objectContaining({ position: 151, attempts: 2, eventId: 'enrolled-POISON-151', replayedAt: null }),
    ]);
  }, 120_000);
});
