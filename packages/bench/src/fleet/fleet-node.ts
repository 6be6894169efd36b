import { createInterface } from 'node:readline';
import { createAppleGateway, createAppleTokenPki } from '@depledger/apple';
import { createDepledger, createFleetScheduler, defaultSyncPolicy, manualClock, parseTenantId } from '@depledger/core';
import { openPostgresStore } from '@depledger/store-postgres';
import { secretsOf, tenantNames, type FleetShape } from './fleet-shape';

/**
 * One scheduler node of the fleet run: `createFleetScheduler` over every tenant of the shape, on a
 * shared PostgreSQL schema, at node `index` of `count`. Its clock is the driver's: it starts at
 * `startAt` and moves when the driver writes `{"now": "<ISO time>"}` on stdin. The node works
 * through what is due (`runDue`) each time the clock moves and then says
 * `{"passed": <the clock at the pass's start>, "calls": <Apple calls so far>, "fullSyncs": [...]}`,
 * so the driver moves the clock on only once every node has finished at the current time — the
 * run's verdict never depends on the machine's speed.
 */
export type FleetNodeConfig = Readonly<{
  shape: FleetShape;
  appleUrl: string;
  postgresUrl: string;
  schema: string;
  vaultKey: string;
  node: Readonly<{ index: number; count: number }>;
  deltaSyncMinutes: number;
  failureBackoffMinutes: number;
  concurrency: number;
  perTenant: number;
  standbyMs: number;
  startAt: string;
}>;

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const main = async (): Promise<void> => {
  const config = JSON.parse(process.env.DEPLEDGER_FLEET_NODE ?? '{}') as FleetNodeConfig;
  // an orderly exit when the run ends (a CPU profile taken with --cpu-prof is written then)
  process.on('SIGTERM', () => process.exit(0));
  const clock = manualClock(config.startAt);
  let moved: (() => void) | null = null;
  createInterface({ input: process.stdin }).on('line', (line) => {
    const { now } = JSON.parse(line) as { now?: string };
    if (now === undefined) return;
    clock.set(now);
    moved?.();
  });
  const db = await openPostgresStore({ url: config.postgresUrl, schema: config.schema, vaultKey: Buffer.from(config.vaultKey, 'base64') });
  let calls = 0;
  const countingFetch: typeof fetch = (input, init) => {
    calls += 1;
    return fetch(input, init);
  };
  const operator = createDepledger({
    store: db.events,
    vault: db.vault,
    clock,
    pki: createAppleTokenPki(),
    gateway: createAppleGateway({
      baseUrl: config.appleUrl,
      userAgent: 'depledger-fleet/1.0',
      fetch: countingFetch,
      credentials: async (tokenId) => secretsOf(config.shape, tokenId),
      retry: { maxAttempts: 2, baseDelayMs: 5 },
    }),
    policy: { ...defaultSyncPolicy, deltaSyncInterval: { minutes: config.deltaSyncMinutes } },
  });
  const tenants = tenantNames(config.shape).map((t) => parseTenantId(t));
  let fullSyncs: string[] = [];
  const fleet = createFleetScheduler({
    tenants: () => tenants,
    depledgerOf: (tenant) => operator.forTenant(tenant),
    store: db.events,
    node: config.node,
    concurrency: config.concurrency,
    perTenant: config.perTenant,
    standbyMs: config.standbyMs,
    clock,
    failureBackoff: { minutes: config.failureBackoffMinutes },
    onOutcome: (o) => {
      if (o.task === 'full_sync' && o.status === 'done') fullSyncs.push(`${o.tenant}/${o.tokenId}`);
    },
  });
  say({ ready: true });
  for (;;) {
    const from = clock.now().getTime();
    // a pass that throws (the store busy beyond its timeout) is told: the driver shows it
    await fleet.runDue().catch((error: unknown) => say({ passFailed: error instanceof Error ? error.message : String(error) }));
    say({ passed: from, calls, fullSyncs });
    fullSyncs = [];
    if (clock.now().getTime() === from) await new Promise<void>((resolve) => (moved = resolve));
    moved = null;
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
