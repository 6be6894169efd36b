import { asOfWorkloads } from './workloads/as-of';
import { cliDevices } from './workloads/cli-devices';
import { defaultProfileSync, type DefaultProfileSyncOptions } from './workloads/default-profile-sync';
import { seedPathCli } from './workloads/seed-path-cli';
import { devicePage } from './workloads/device-page';
import { fleet } from './workloads/fleet';
import { fullSync } from './workloads/full-sync';
import { inMemoryAppend } from './workloads/in-memory-append';
import { inMemoryRebuild, sqliteRebuild } from './workloads/projection-rebuild';
import { inMemoryRehydration } from './workloads/rehydration';
import { postgresWorkloads } from './workloads/postgres';
import { postgresSync } from './workloads/postgres-sync';
import { serveDevices } from './workloads/serve-devices';
import { webhookDelivery } from './workloads/webhook-delivery';
import { sqliteWorkloads } from './workloads/sqlite';
import type { Row } from './row';

/**
 * One workload in a process of its own (so one workload's heap never slows the next), started by
 * main.ts. argv: <workload> <JSON parameters>. Prints the rows as one JSON line.
 */
export type WorkloadRequest =
  | { name: 'in-memory-append'; sizes: number[]; runs: number; peerBudgetMs: number }
  | { name: 'in-memory-rehydrate'; events: number; runs: number; peerFillBudgetMs: number }
  | { name: 'sqlite'; events: number; runs: number }
  | { name: 'postgres'; events: number; runs: number }
  | { name: 'postgres-sync'; devices: number; runs: number; keepSqliteAt?: string }
  | { name: 'serve-devices'; path: string; devices: number; runs: number; seconds: number }
  | { name: 'webhook-delivery'; events: number; runs: number }
  | { name: 'rebuild-memory'; events: number; runs: number; peerFillBudgetMs: number }
  | { name: 'rebuild-sqlite'; events: number; runs: number }
  | { name: 'as-of'; events: number; samples: number }
  | { name: 'full-sync'; devices: number; runs: number; incrementalRuns: number; fullGoalMs: number; keepDatabaseAt?: string }
  | ({ name: 'default-profile-sync' } & DefaultProfileSyncOptions)
  | { name: 'seed-path-cli'; devices: number; runs: number }
  | { name: 'cli-devices'; path: string; devices: number; runs: number }
  | { name: 'device-page'; path: string; devices: number; runs: number }
  | { name: 'fleet'; tokens: number; tokensPerTenant: number; devicesPerToken: number };

const run = async (request: WorkloadRequest): Promise<Row[]> => {
  switch (request.name) {
    case 'in-memory-append':
      return inMemoryAppend(request.sizes, request.runs, request.peerBudgetMs);
    case 'in-memory-rehydrate':
      return [await inMemoryRehydration(request.events, { runs: request.runs, warmups: 1 }, request.peerFillBudgetMs)];
    case 'sqlite':
      return sqliteWorkloads(request.events, { runs: request.runs, warmups: 1 });
    case 'postgres':
      return postgresWorkloads(request.events, { runs: request.runs, warmups: 1 });
    case 'postgres-sync':
      return postgresSync(request.devices, request.runs, request.keepSqliteAt);
    case 'webhook-delivery':
      return [await webhookDelivery(request.events, request.runs)];
    case 'serve-devices':
      return [await serveDevices(request.path, request.devices, request.runs, request.seconds)];
    case 'rebuild-memory':
      return [await inMemoryRebuild(request.events, { runs: request.runs, warmups: 1 }, request.peerFillBudgetMs)];
    case 'rebuild-sqlite':
      return [await sqliteRebuild(request.events, { runs: request.runs, warmups: 1 })];
    case 'as-of':
      return asOfWorkloads(request.events, request.samples);
    case 'full-sync':
      return fullSync(request);
    case 'default-profile-sync':
      return defaultProfileSync(request);
    case 'seed-path-cli':
      return seedPathCli(request);
    case 'fleet':
      return fleet(request);
    case 'device-page':
      return [await devicePage(request.path, request.devices, request.runs)];
    case 'cli-devices': {
      const row = await cliDevices(request.path, request.devices, request.runs);
      return row === null ? [] : [row];
    }
    default: {
      const unknown: never = request;
      throw new Error(`unknown workload ${JSON.stringify(unknown)}`);
    }
  }
};

if (require.main === module) {
  run(JSON.parse(process.argv[2] as string) as WorkloadRequest).then(
    (rows) => process.stdout.write(`${JSON.stringify(rows)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
