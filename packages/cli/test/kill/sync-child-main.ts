import { createAppleGateway, type OAuthCredentials } from '@depledger/apple';
import { createSyncEngine, defaultSyncPolicy, systemClock } from '@depledger/core';
import { openSqliteStore } from '@depledger/store-sqlite';

/**
 * A process that syncs one token until a run completes, printing one JSON line per page and per
 * run. The kill test starts it, kills it at random pages, and starts it again.
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

const main = async (): Promise<void> => {
  const config = JSON.parse(process.env.DEPLEDGER_SYNC_CHILD ?? '{}') as SyncChildConfig;
  const db = openSqliteStore({ path: config.dbPath, vaultKey: Buffer.from(config.vaultKey, 'base64') });
  const engine = createSyncEngine({
    store: db.events,
    vault: db.vault,
    clock: systemClock,
    gateway: createAppleGateway({
      baseUrl: config.url,
      userAgent: 'depledger-kill-test/1.0',
      credentials: async () => config.credentials,
      retry: { maxAttempts: 1 },
    }),
    policy: { ...defaultSyncPolicy, runDeadline: { seconds: config.runDeadlineMs / 1000 } },
    pageLimit: config.pageLimit,
    deadlineCheckIntervalMs: 20,
  });
  const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  for (;;) {
    const result = await engine.run(config.tokenId, { kind: 'full', trigger: 'schedule', onPage: (p) => say({ page: p.page }) });
    say({ run: result.status, pages: result.pages, reason: result.refusal?.reason ?? result.error?.code ?? null });
    if (result.status === 'completed') break;
    const wait = result.refusal?.retryAt ? Math.max(0, Date.parse(result.refusal.retryAt) - Date.now()) + 20 : 20;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await db.close();
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
