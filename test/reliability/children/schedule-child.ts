import { createAppleGateway, createAppleTokenPki, type OAuthCredentials } from '@depledger/apple';
import { createDepledger, createSyncScheduler, defaultSyncPolicy, systemClock, type EventStore, type Vault } from '@depledger/core';
import { openPostgresStore } from '@depledger/store-postgres';
import { openSqliteStore } from '@depledger/store-sqlite';

/**
 * A node running the scheduler (`createSyncScheduler(…).start()`) over a shared store, with a
 * policy in seconds instead of days and a short run lease. The multi-node test runs three of them
 * and kills them at random moments.
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
}>;

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const open = async (config: ScheduleChildConfig): Promise<{ events: EventStore; vault: Vault; close(): Promise<void> }> => {
  const vaultKey = Buffer.from(config.vaultKey, 'base64');
  if ('sqlite' in config.store) return openSqliteStore({ path: config.store.sqlite, vaultKey });
  return openPostgresStore({ url: config.store.postgres, schema: config.store.schema, vaultKey });
};

const main = async (): Promise<void> => {
  const config = JSON.parse(process.env.DEPLEDGER_SCHEDULE_CHILD ?? '{}') as ScheduleChildConfig;
  const db = await open(config);
  const depledger = createDepledger({
    store: db.events,
    vault: db.vault,
    clock: systemClock,
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
    checkEveryMs: 100,
    failureBackoff: { seconds: 1 },
    onOutcome: (o) => say({ token: o.tokenId, task: o.task, status: o.status, runId: o.sync?.runId ?? null }),
  });
  scheduler.start();
  say({ ready: true });
  // the scheduler's timer does not hold the process: this one does, until the test kills it
  setInterval(() => undefined, 60_000);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
