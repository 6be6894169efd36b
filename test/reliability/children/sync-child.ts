import { createAppleGateway, type OAuthCredentials } from '@depledger/apple';
import { createSyncEngine, defaultSyncPolicy, systemClock } from '@depledger/core';
import { createProjectionRunner, deviceStatusProjection } from '@depledger/projections';
import { openSqliteStore } from '@depledger/store-sqlite';

/**
 * A process that syncs one token (full) until a run completes, with the device-status read model
 * following the store live in the same SQLite file. One JSON line on stdout per page and per run.
 * The crash test kills it at random moments and starts it again.
 */
export type SyncChildConfig = Readonly<{
  url: string;
  credentials: OAuthCredentials;
  dbPath: string;
  vaultKey: string;
  tokenId: string;
  runDeadlineMs: number;
  pageLimit: number;
}>;

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const main = async (): Promise<void> => {
  const config = JSON.parse(process.env.DEPLEDGER_SYNC_CHILD ?? '{}') as SyncChildConfig;
  const db = openSqliteStore({ path: config.dbPath, vaultKey: Buffer.from(config.vaultKey, 'base64') });
  const runner = createProjectionRunner({ eventStore: db.events, readModels: db.readModels, projections: [deviceStatusProjection] });
  await runner.start();
  say({ ready: true });
  const engine = createSyncEngine({
    store: db.events,
    vault: db.vault,
    clock: systemClock,
    gateway: createAppleGateway({
      baseUrl: config.url,
      userAgent: 'depledger-crash-test/1.0',
      credentials: async () => config.credentials,
      retry: { maxAttempts: 2, baseDelayMs: 5 },
    }),
    policy: { ...defaultSyncPolicy, runDeadline: { seconds: config.runDeadlineMs / 1000 } },
    pageLimit: config.pageLimit,
    deadlineCheckIntervalMs: 20,
    // a killed child's run frees the token within the deadline's time, as it did before run leases
    runLeaseMs: config.runDeadlineMs,
  });
  for (;;) {
    const result = await engine.run(config.tokenId, {
      kind: 'full',
      trigger: 'schedule',
      onPage: (p) => say({ page: p.page, phase: p.phase }),
    });
    say({ run: result.status, pages: result.pages, reason: result.refusal?.reason ?? result.error?.code ?? null });
    if (result.status === 'completed') break;
    const wait = result.refusal?.retryAt ? Math.max(0, Date.parse(result.refusal.retryAt) - Date.now()) + 20 : 20;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await runner.catchUp();
  await runner.stop();
  say({ done: true });
  await db.close();
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
