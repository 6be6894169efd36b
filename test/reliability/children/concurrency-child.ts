import { createInterface } from 'node:readline';
import { createAppleGateway, createAppleTokenPki, type OAuthCredentials } from '@depledger/apple';
import { createDepledger, systemClock } from '@depledger/core';
import { openSqliteStore } from '@depledger/store-sqlite';

/**
 * One of several processes on one SQLite file. It reads orders from stdin, one JSON line each, waits
 * for the order's start time (the barrier every process shares), carries it out and answers on
 * stdout:
 * - `{ round, at }`: request an incremental sync of the token → `{ round, status, reason }`;
 * - `{ serial, count, at }`: `count` enrollments and unenrollments of one device, alternately →
 *   `{ serial, appended: [eventId...], refused: [code...] }`.
 */
export type ConcurrencyChildConfig = Readonly<{
  url: string;
  credentials: OAuthCredentials;
  dbPath: string;
  vaultKey: string;
  tokenId: string;
  name: string;
}>;

type Order = Readonly<{ round?: number; serial?: string; count?: number; at: number }>;

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** Sleeps most of the way, then spins: both processes leave the barrier within a millisecond or so. */
const waitUntil = async (at: number) => {
  if (at - Date.now() > 10) await new Promise((resolve) => setTimeout(resolve, at - Date.now() - 10));
  while (Date.now() < at) {
    // spin
  }
};

const main = async (): Promise<void> => {
  const config = JSON.parse(process.env.DEPLEDGER_CONCURRENCY_CHILD ?? '{}') as ConcurrencyChildConfig;
  const db = openSqliteStore({ path: config.dbPath, vaultKey: Buffer.from(config.vaultKey, 'base64') });
  const gateway = createAppleGateway({
    baseUrl: config.url,
    userAgent: 'depledger-concurrency-test/1.0',
    credentials: async () => config.credentials,
    retry: { maxAttempts: 2, baseDelayMs: 5 },
  });
  const depledger = createDepledger({ store: db.events, gateway, vault: db.vault, pki: createAppleTokenPki(), clock: systemClock });
  say({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    const order = JSON.parse(line) as Order;
    await waitUntil(order.at);
    if (order.round !== undefined) {
      const result = await depledger.sync.run(config.tokenId, { kind: 'incremental', trigger: 'manual', actor: `admin:${config.name}` });
      say({ round: order.round, status: result.status, reason: result.refusal?.reason ?? result.error?.code ?? null });
    } else if (order.serial !== undefined) {
      const appended: string[] = [];
      const refused: string[] = [];
      for (let i = 0; i < (order.count ?? 0); i++) {
        const step =
          i % 2 === 0
            ? depledger.devices.recordEnrollment(order.serial, {
                enrolledAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
                actor: `mdm:${config.name}`,
              })
            : depledger.devices.unenroll(order.serial, `test ${config.name} ${i}`, { actor: `admin:${config.name}` });
        await step.then(
          (events) => appended.push(...events.map((e) => e.metadata.eventId)),
          (error: { code?: string }) => refused.push(error.code ?? 'UNTYPED'),
        );
      }
      say({ serial: order.serial, appended, refused });
    }
  }
  await db.close();
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
