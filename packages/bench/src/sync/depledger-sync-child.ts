import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createDepledger } from '@depledger/core';
import { assignedDevicesSeed, createProjectionRunner, deviceStatusProjection } from '@depledger/projections';
import { openPostgresStore } from '@depledger/store-postgres';
import { openSqliteStore } from '@depledger/store-sqlite';
import { peakRssMb } from '../measure';

/**
 * depledger's side of the sync benchmark, alone in its own process so that its peak RSS is its
 * own: a full sync of the simulator's devices into a SQLite file with the device-status projection
 * kept current, then `incrementalRuns` incremental syncs with no changes. Prints one JSON line.
 * With `default-profile`, the walk-through's step 5 comes first: a profile defined, published and
 * made the token's default, so the full sync also requests, sends and records an assignment for
 * every new device, and Apple's sync feed then reports each device again as modified.
 *
 * argv: <simulator url> <server id> <database path, or a postgres:// URL with ?schema=…> <incremental runs> [default-profile]
 */
const [url, serverId, path, incrementalArg, profileArg] = process.argv.slice(2) as [string, string, string, string, string?];
const withDefaultProfile = profileArg === 'default-profile';

const main = async () => {
  // a postgres:// URL names a PostgreSQL schema (the postgres-sync workload), anything else a SQLite file
  // SQLite keeps device status current inside each append's transaction (as the CLI does); PostgreSQL
  // through the runner following the log
  const onPostgres = path.startsWith('postgres://');
  const store = onPostgres
    ? await openPostgresStore({ url: path, vaultKey: Buffer.alloc(32, 1) })
    : openSqliteStore({ path, readModelsInAppends: { projections: [deviceStatusProjection] } });
  const depledger = createDepledger({
    store: store.events,
    vault: store.vault,
    gateway: appleGateway({ baseUrl: url }),
    pki: createAppleTokenPki(),
    // as the CLI does on SQLite: a full sync's release by absence starts from device status
    ...(onPostgres ? {} : { assignedDevices: assignedDevicesSeed(store.readModels) }),
  });
  const runner = createProjectionRunner({ eventStore: store.events, readModels: store.readModels, projections: [deviceStatusProjection] });

  // Steps 2–4 of the walk-through: our key, the token issued for it at the portal, uploaded.
  const key = await depledger.tokens.generateKey('bench', { actor: 'admin:bench' });
  const issued = await fetch(`${url}/_portal/servers/${serverId}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ certificatePem: key.certificatePem }),
  });
  if (!issued.ok) throw new Error(`the portal answered ${issued.status}`);
  const { p7m } = (await issued.json()) as { p7m: string };
  await depledger.tokens.upload('bench', p7m, { appleId: 'admin@bench.example', actor: 'admin:bench' });
  if (withDefaultProfile) {
    const admin = { actor: 'admin:bench' };
    await depledger.profiles.define('corp', 'bench', { name: 'Bench corporate', url: 'https://mdm.bench.example/enroll' }, admin);
    await depledger.profiles.publish('corp', admin);
    await depledger.tokens.setDefaultProfile('bench', 'corp', admin);
  }
  if (onPostgres) await runner.start();
  else await runner.catchUp();

  const rssBefore = peakRssMb();
  let started = performance.now();
  const full = await depledger.sync.run('bench', { kind: 'full', trigger: 'manual' });
  await runner.catchUp();
  const fullMs = performance.now() - started;
  if (full.status !== 'completed') throw new Error(`the full sync ended ${full.status}: ${JSON.stringify(full)}`);
  const fullPeakRssMb = peakRssMb();

  const incrementalMs: number[] = [];
  for (let i = 0; i < Number(incrementalArg); i++) {
    started = performance.now();
    const run = await depledger.sync.run('bench', { kind: 'incremental', trigger: 'manual' });
    await runner.catchUp();
    incrementalMs.push(performance.now() - started);
    if (run.status !== 'completed') throw new Error(`incremental sync ${i} ended ${run.status}: ${JSON.stringify(run)}`);
    if (run.counts.added + run.counts.modified + run.counts.released !== 0)
      throw new Error(`incremental sync ${i} saw changes: ${JSON.stringify(run.counts)}`);
  }
  if (onPostgres) await runner.stop();
  const head = await store.events.headPosition();
  await store.close();
  // what the file holds once closed (its WAL checkpointed into it), for the bytes stored per device
  const fileBytes = onPostgres ? null : [path, `${path}-wal`].reduce((sum, file) => sum + (existsSync(file) ? statSync(file).size : 0), 0);
  process.stdout.write(
    `${JSON.stringify({ fileBytes, fullMs, counts: full.counts, assigned: full.assignments.assigned, pages: full.pages, events: head, rssBeforeSyncMb: rssBefore, fullPeakRssMb, incrementalMs, peakRssMb: peakRssMb() })}\n`,
  );
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
