import { createAppleGateway, createAppleTokenPki, type OAuthCredentials } from '@depledger/apple';
import { createInterface } from 'node:readline';
import { createDepledger, createSyncScheduler, defaultSyncPolicy, manualClock, type EventStore, type Vault } from '@depledger/core';
import { openPostgresStore } from '@depledger/store-postgres';
import { openSqliteStore } from '@depledger/store-sqlite';

/**
 * A node running the scheduler (`createSyncScheduler`) over a shared store, with a policy in seconds
 * instead of days and a short run lease. The multi-node test runs three of them and kills them at
 * random moments. The node's clock is the test's: it starts at `startAt` and moves when the test
 * writes `{"now": "<ISO time>"}` on the node's stdin. The node passes over its tokens (`runDue`, what
 * `start()` does on its timer) each time the clock moves, and says `{"passed": <the clock at the pass's start>}`
 * after each pass, so the test moves the clock on only once every node has passed at the current time.
 */
export type ScheduleChildConfig = Readonly<{
  url: string;
  credentials: Readonly<Record<string, OAuthCredentials>>;
  store: Readonly<{ sqlite: string } | { postgres: string; schema: string }>;
  vaultKey: string;
  fullSyncSeconds: number;
  deltaSyncSeconds: number;
  runLeaseMs: number;
  pageLimit: number;
  /** Where the node's clock starts (ISO). */
  startAt: string;
}>;

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const open = async (config: ScheduleChildConfig): Promise<{ events: EventStore; vault: Vault; close(): Promise<void> }> => {
  const vaultKey = Buffer.from(config.vaultKey, 'base64');
  if ('sqlite' in config.store) return openSqliteStore({ path: config.store.sqlite, vaultKey });
  return openPostgresStore({ url: config.store.postgres, schema: config.store.schema, vaultKey });
};

const main = async (): Promise<void> => {
  const config = JSON.parse(process.env.DEPLEDGER_SCHEDULE_CHILD ?? '{}') as ScheduleChildConfig;
  const clock = manualClock(config.startAt);
  let moved: (() => void) | null = null;
  createInterface({ input: process.stdin }).on('line', (line) => {
    const { now } = JSON.parse(line) as { now?: string };
    if (now === undefined) return;
    clock.set(now);
    moved?.();
  });
  const db = await open(config);
  const depledger = createDepledger({
    store: db.events,
    vault: db.vault,
    clock,
    pki: createAppleTokenPki(),
    gateway: createAppleGateway({
      baseUrl: config.url,
      userAgent: 'depledger-schedule-test/1.0',
      credentials: async (tokenId) => config.credentials[tokenId],
      retry: { maxAttempts: 2, baseDelayMs: 5 },
    }),
    policy: {
      ...defaultSyncPolicy,
      fullSyncInterval: { seconds: config.fullSyncSeconds },
      deltaSyncInterval: { seconds: config.deltaSyncSeconds },
    },
    pageLimit: config.pageLimit,
    runLeaseMs: config.runLeaseMs,
  });
  const scheduler = createSyncScheduler(depledger, {
    failureBackoff: { seconds: 1 },
    onOutcome: (o) => say({ token: o.tokenId, task: o.task, status: o.status, runId: o.sync?.runId ?? null }),
  });
  say({ ready: true });
  for (;;) {
    const from = clock.now().getTime();
    // a pass that throws (the store busy beyond its timeout) is told: the test shows it
    await scheduler.runDue().catch((error: unknown) => say({ passFailed: error instanceof Error ? error.message : String(error) }));
    say({ passed: from });
    if (clock.now().getTime() === from) await new Promise<void>((resolve) => (moved = resolve));
    moved = null;
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
