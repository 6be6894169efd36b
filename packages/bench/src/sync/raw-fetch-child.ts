import { performance } from 'node:perf_hooks';
import { oauthAuthorizationHeader } from '@depledger/apple-simulator';
import { peakRssMb } from '../measure';

/**
 * The sync's limit: a raw HTTP loop fetching every page of the simulator's devices (pages of
 * 1000, JSON parsed, nothing kept), in its own process. Prints one JSON line.
 *
 * argv: <simulator summary JSON> <runs>
 */
type Summary = { url: string; consumer_key: string; consumer_secret: string; access_token: string; access_secret: string; access_token_expiry: string };
const summary = JSON.parse(process.argv[2] as string) as Summary;
const runs = Number(process.argv[3]);

const fetchAll = async (session: string): Promise<number> => {
  let cursor: string | undefined;
  let devices = 0;
  for (;;) {
    const response = await fetch(`${summary.url}/server/devices`, {
      method: 'POST',
      headers: { 'x-adm-auth-session': session, 'user-agent': 'depledger-bench/1.0', 'x-server-protocol-version': '10', 'content-type': 'application/json;charset=UTF8' },
      body: JSON.stringify(cursor === undefined ? { limit: 1000 } : { cursor, limit: 1000 }),
    });
    if (response.status !== 200) throw new Error(`fetch answered ${response.status}`);
    const page = (await response.json()) as { devices: unknown[]; cursor: string; more_to_follow: boolean };
    devices += page.devices.length;
    cursor = page.cursor;
    if (!page.more_to_follow) return devices;
  }
};

const main = async () => {
  const authorization = oauthAuthorizationHeader(summary as never, 'GET', `${summary.url}/session`);
  const opened = await fetch(`${summary.url}/session`, { headers: { authorization, 'user-agent': 'depledger-bench/1.0' } });
  if (!opened.ok) throw new Error(`session answered ${opened.status}`);
  const session = ((await opened.json()) as { auth_session_token: string }).auth_session_token;
  const ms: number[] = [];
  let devices = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    devices = await fetchAll(session);
    ms.push(performance.now() - started);
  }
  process.stdout.write(`${JSON.stringify({ devices, ms, peakRssMb: peakRssMb() })}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
