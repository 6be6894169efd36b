import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { runFleet, onSchedule, type FleetRunOptions } from '../fleet/fleet-run';
import { sampleOf } from '../measure';
import type { Row } from '../row';
import { benchPostgresUrl } from './postgres';

export type FleetRequest = Readonly<{ tokens: number; tokensPerTenant: number; devicesPerToken: number }>;

/**
 * `pnpm bench --with-fleet`: `tokens` tokens of `tokens / tokensPerTenant` organisations, each with an
 * MDM server of `devicesPerToken` devices at one simulator, kept in sync by three fleet scheduler
 * nodes (child processes) over one PostgreSQL schema while 1 % of the organisations' Apple answers
 * 503; after the first full syncs the clock moves a simulated hour in one-minute steps (see
 * fleet/fleet-run.ts). Rows: the healthy tokens kept on schedule (every delta within its 15-minute
 * interval, from the events), Apple calls per second over the hour's real time, the hour's real time
 * and the first full syncs' time. The schema is dropped after.
 */
export const fleet = async (request: FleetRequest): Promise<Row[]> => {
  const schema = `dlbench_fleet_${randomBytes(4).toString('hex')}`;
  const options: FleetRunOptions = {
    shape: {
      tenants: Math.ceil(request.tokens / request.tokensPerTenant),
      tokensPerTenant: request.tokensPerTenant,
      secretSeed: 'bench-fleet',
    },
    devicesPerToken: request.devicesPerToken,
    failingShare: 0.01,
    nodes: 3,
    deltaSyncMinutes: 15,
    failureBackoffMinutes: 5,
    stepMs: 60_000,
    hourMs: 60 * 60_000,
    concurrency: 8,
    perTenant: 2,
    standbyMs: 120_000,
    postgresUrl: benchPostgresUrl,
    schema,
    nodeArgs: ['--max-old-space-size=4096', join(__dirname, '..', 'fleet', 'fleet-node.js')],
    log: (line) => process.stderr.write(`  fleet: ${line}\n`),
  };
  try {
    const result = await runFleet(options);
    const tokens = result.healthy.length + result.failing.length;
    const kept = result.healthy.filter(onSchedule).length;
    const share = (100 * kept) / Math.max(1, result.healthy.length);
    const size = `${tokens.toLocaleString('en')} tokens × ${request.devicesPerToken} devices`;
    const shape = `${options.shape.tenants.toLocaleString('en')} organisations, 3 nodes, one PostgreSQL schema, ${result.failing.length} tokens of 1 % of the organisations failing (503)`;
    const setUp = `set-up ${(result.setUpMs / 1000).toFixed(0)} s: each token's key and server token recorded as events, no RSA key pair made and no .p7m decrypted per token (the nodes' gateway is handed each token's OAuth secrets) — the scheduling is what is measured`;
    const failing = `failing tokens asked ${Math.min(...result.failing.map((v) => v.runs))}–${Math.max(...result.failing.map((v) => v.runs))} times each (backoff bound ${result.failingRunsBound})`;
    const id = (what: string) => `fleet-${what}-${tokens}`;
    return [
      {
        id: id('on-schedule'),
        workload: `fleet scheduler, ${size}: healthy tokens kept on schedule over a simulated hour (${shape})`,
        kind: 'rate',
        unit: '% of healthy tokens',
        depledger: sampleOf([share]),
        goal: '100 %',
        met: kept === result.healthy.length,
        note: `${kept} of ${result.healthy.length} healthy tokens ran every delta sync within its 15-minute interval (+ the 1-minute clock step), one run at a time; ${failing}; ${setUp}`,
      },
      {
        id: id('apple-calls'),
        workload: `fleet scheduler, ${size}: Apple calls per second over the simulated hour`,
        kind: 'rate',
        unit: 'Apple calls/s',
        depledger: sampleOf([result.callsHour / (result.hourMs / 1000)]),
        note: `${result.callsHour} calls (sessions included) in ${(result.hourMs / 1000).toFixed(0)} s of real time for 60 simulated minutes; the first full syncs made ${result.callsFirstSyncs}`,
      },
      {
        id: id('hour'),
        workload: `fleet scheduler, ${size}: real time of the simulated hour (four delta syncs per token)`,
        kind: 'ms',
        unit: 'ms',
        depledger: sampleOf([result.hourMs]),
      },
      {
        id: id('first-syncs'),
        workload: `fleet scheduler, ${size}: every token's first full sync`,
        kind: 'ms',
        unit: 'ms',
        depledger: sampleOf([result.firstSyncsMs]),
      },
    ];
  } finally {
    const client = new pg.Client({ connectionString: benchPostgresUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  }
};
