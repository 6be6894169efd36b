import { oauthAuthorizationHeader } from '../oauth/oauth-signer';
import { createAppleSimulator } from '../simulator';

export interface FullFetchBenchmarkOptions {
  /** Devices seeded and assigned to the server [100 000]. */
  devices?: number;
  /** `limit` of every fetch request [1000]. */
  pageSize?: number;
  seed?: number;
  /** Further full fetches for the memory check [3]. */
  extraRounds?: number;
}

export interface FullFetchBenchmarkResult {
  devices: number;
  pages: number;
  seedMs: number;
  fetchMs: number;
  devicesPerSecond: number;
  /**
   * Heap growth over `extraRounds` further full fetches (after a warm-up that fills the server's
   * bounded snapshot shelf), measured after garbage collection — only
   * when Node runs with `--expose-gc` (undefined otherwise).
   */
  heapGrowthBytes: number | undefined;
}

async function fullFetch(url: string, session: string, pageSize: number): Promise<{ devices: number; pages: number }> {
  let cursor: string | undefined;
  let devices = 0;
  let pages = 0;
  for (;;) {
    const response = await fetch(`${url}/server/devices`, {
      method: 'POST',
      headers: {
        'x-adm-auth-session': session,
        'user-agent': 'depledger-bench/1.0',
        'x-server-protocol-version': '10',
        'content-type': 'application/json;charset=UTF8',
      },
      body: JSON.stringify(cursor === undefined ? { limit: pageSize } : { cursor, limit: pageSize }),
    });
    if (response.status !== 200) throw new Error(`fetch answered ${response.status}`);
    const page = (await response.json()) as { devices: unknown[]; cursor: string; more_to_follow: boolean };
    devices += page.devices.length;
    pages++;
    cursor = page.cursor;
    if (!page.more_to_follow) return { devices, pages };
  }
}

/**
 * Seeds a simulator, then times a full fetch over loopback HTTP (client parsing included) — the
 * figure `pnpm bench` reports. Runs a second full fetch to show the heap does not grow per request.
 */
export async function benchmarkFullFetch(options: FullFetchBenchmarkOptions = {}): Promise<FullFetchBenchmarkResult> {
  const count = options.devices ?? 100_000;
  const pageSize = options.pageSize ?? 1000;
  const simulator = createAppleSimulator({ seed: options.seed ?? 1, maxLimit: Math.max(1000, pageSize) });
  const server = simulator.createServerWithCredentials({ name: 'benchmark' });
  const seedStart = performance.now();
  simulator.devices.seed({ count, serverId: server.serverId });
  const seedMs = performance.now() - seedStart;
  const { url } = await simulator.start();
  try {
    const authorization = oauthAuthorizationHeader(server.credentials, 'GET', `${url}/session`);
    const opened = await fetch(`${url}/session`, { headers: { authorization, 'user-agent': 'depledger-bench/1.0' } });
    const session = ((await opened.json()) as { auth_session_token: string }).auth_session_token;
    const fetchStart = performance.now();
    const { devices, pages } = await fullFetch(url, session, pageSize);
    const fetchMs = performance.now() - fetchStart;
    const collect = (globalThis as { gc?: () => void }).gc;
    let heapGrowthBytes: number | undefined;
    const rounds = options.extraRounds ?? 3;
    if (collect !== undefined && rounds > 0) {
      // Warm up until the server's bounded snapshot shelf is full; from then on nothing may grow.
      for (let i = 0; i < 4; i++) await fullFetch(url, session, pageSize);
      collect();
      const heapBefore = process.memoryUsage().heapUsed;
      for (let i = 0; i < rounds; i++) await fullFetch(url, session, pageSize);
      collect();
      heapGrowthBytes = process.memoryUsage().heapUsed - heapBefore;
    }
    return { devices, pages, seedMs, fetchMs, devicesPerSecond: Math.round((devices / fetchMs) * 1000), heapGrowthBytes };
  } finally {
    await simulator.stop();
  }
}
