import { join } from 'node:path';
import { failingRunsBound, onSchedule, runFleet, type FleetRunOptions, type TokenVerdict } from '../../packages/bench/src/fleet/fleet-run';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../../packages/store-postgres/src/testing/test-server';

/**
 * Issue 23: the fleet scheduler on three nodes keeps every organisation's tokens on schedule while
 * 1 % of the organisations fail. 100 tenants of 3 tokens (4 devices each, an MDM server per token at
 * one simulator over HTTP), one PostgreSQL schema, three child processes each running
 * `createFleetScheduler` at its index of 3 on the test's clock; one tenant's Apple answers 503 to
 * every call. After every healthy token's first full sync the clock moves a simulated hour in
 * one-minute steps, each step once every node has worked through what is due (so nothing here
 * depends on the machine's speed). From each token's sync stream: every healthy token ran one
 * delta sync per 15-minute interval, each started within a step of falling due and none early,
 * one run at a time, none refused or failed; the failing tenant's tokens were asked again as their
 * backoff says (5, 10, then every 15 minutes) and never more.
 *
 * `pnpm bench --with-fleet` runs the same at 10,000 tokens × 100 devices (packages/bench/src/fleet).
 */
jest.setTimeout(900_000); // a hang guard only

const nodeArgs = [
  join(__dirname, '..', 'reliability', 'children', 'register.cjs'),
  join(__dirname, '..', '..', 'packages', 'bench', 'src', 'fleet', 'fleet-node.ts'),
];

const fleetOptions = (schema: string): FleetRunOptions => ({
  shape: { tenants: 100, tokensPerTenant: 3, secretSeed: 'fleet-nodes-test' },
  devicesPerToken: 4,
  failingShare: 0.01,
  nodes: 3,
  nodeCount: Number(process.env.DEPLEDGER_FLEET_NODE_COUNT ?? 3),
  deltaSyncMinutes: 15,
  failureBackoffMinutes: 5,
  stepMs: 60_000,
  hourMs: 60 * 60_000,
  concurrency: 4,
  perTenant: 2,
  standbyMs: 120_000,
  postgresUrl: testServerUrl,
  schema,
  nodeArgs,
  log: (line) => process.stderr.write(`fleet-nodes: ${line}\n`),
});

const unhealthy = (verdicts: readonly TokenVerdict[]) => verdicts.filter((v) => !onSchedule(v)).slice(0, 5);

describeWithPostgres('three fleet scheduler nodes on one PostgreSQL schema', () => {
  const schema = freshSchemaName('dlfleet');
  afterAll(() => dropSchemas(schema));

  it("keep every healthy organisation's delta syncs within their interval while 1 % of organisations fail, and back off the failing ones", async () => {
    const options = fleetOptions(schema);
    const result = await runFleet(options);
    const deltasInTheHour = Math.floor(options.hourMs / (options.deltaSyncMinutes * 60_000));
    console.log(
      `${result.healthy.length} healthy and ${result.failing.length} failing tokens; first full syncs ${(result.firstSyncsMs / 1000).toFixed(1)} s, ` +
        `the simulated hour ${(result.hourMs / 1000).toFixed(1)} s, ${result.callsHour} Apple calls in it; failing tokens' runs ${JSON.stringify(result.failing.map((v) => v.runs))} (at most ${result.failingRunsBound})`,
    );
    expect({ passFailures: result.passFailures, offSchedule: unhealthy(result.healthy) }).toEqual({ passFailures: [], offSchedule: [] });
    // each healthy token: its first full sync, then one delta per interval of the hour
    expect(result.healthy.filter((v) => v.runs !== 1 + deltasInTheHour).slice(0, 5)).toEqual([]);
    expect(result.healthy.length).toBe(297);
    // the failing tenant's tokens: asked again (not given up on), each run failed, never more often than the backoff allows
    expect(result.failing.length).toBe(3);
    expect(result.failingRunsBound).toBe(failingRunsBound(result.startedAt, result.endedAt, 5 * 60_000, 15 * 60_000, 60_000));
    for (const v of result.failing) {
      expect({ token: v.tokenId, overlapping: v.overlapping, refused: v.refused, failedAll: v.failedRuns === v.runs }).toEqual({
        token: v.tokenId,
        overlapping: 0,
        refused: 0,
        failedAll: true,
      });
      expect(v.runs).toBeGreaterThanOrEqual(3);
      expect(v.runs).toBeLessThanOrEqual(result.failingRunsBound);
    }
  });
});
