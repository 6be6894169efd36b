import { performance } from 'node:perf_hooks';
import { oauthAuthorizationHeader } from '@depledger/apple-simulator';
import { peakRssMb } from '../measure';

/**
 * The sync's limit: a raw HTTP loop fetching every page of the simulator's devices (pages of
 * 1000, JSON parsed, nothing kept), then the incremental sync's: `/devices/sync` from the last
 * cursor, answered with no change. In its own process; prints one JSON line.
 *
 * argv: <simulator summary JSON> <runs>
 */
type Summary = {
  url: string;
  consumer_key: string;
  consumer_secret: string;
  access_token: string;
  access_secret: string;
  access_token_expiry: string;
};
const summary = JSON.parse(process.argv[2] as string) as Summary;
const runs = Number(process.argv[3]);

const headers = (session: string) => ({
  'x-adm-auth-session': session,
  'user-agent': 'depledger-bench/1.0',
  'x-server-protocol-version': '10',
  'content-type': 'application/json;charset=UTF8',
});

const fetchAll = async (session: string): Promise<{ devices: number; cursor: string }> => {
  let cursor: string | undefined;
  let devices = 0;
  for (;;) {
    const response = await fetch(`${summary.url}/server/devices`, {
      method: 'POST',
      headers: headers(session),
      body: JSON.stringify(cursor === undefined ? { limit: 1000 } : { cursor, limit: 1000 }),
    });
    if (response.status !== 200) throw new Error(`fetch answered ${response.status}`);
    const page = (await response.json()) as { devices: unknown[]; cursor: string; more_to_follow: boolean };
    devices += page.devices.length;
    cursor = page.cursor;
    if (!page.more_to_follow) return { devices, cursor };
  }
};

/** The incremental sync's limit: one `/devices/sync` request from the fetch's last cursor (no changes). */
const syncOnce = async (session: string, cursor: string): Promise<void> => {
  const response = await fetch(`${summary.url}/devices/sync`, {
    method: 'POST',
    headers: headers(session),
    body: JSON.stringify({ cursor, limit: 1000 }),
  });
  if (response.status !== 200) throw new Error(`sync answered ${response.status}`);
  const page = (await response.json()) as { devices: unknown[] };
  if (page.devices.length !== 0) throw new Error(`sync reported ${page.devices.length} changes`);
};

const main = async () => {
  const authorization = oauthAuthorizationHeader(summary as never, 'GET', `${summary.url}/session`);
  const opened = await fetch(`${summary.url}/session`, { headers: { authorization, 'user-agent': 'depledger-bench/1.0' } });
  if (!opened.ok) throw new Error(`session answered ${opened.status}`);
  const session = ((await opened.json()) as { auth_session_token: string }).auth_session_token;
  const ms: number[] = [];
  let last = { devices: 0, cursor: '' };
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await fetchAll(session);
    ms.push(performance.now() - started);
  }
  const syncMs: number[] = [];
  for (let i = 0; i < 25; i++) {
    const started = performance.now();
    await syncOnce(session, last.cursor);
    syncMs.push(performance.now() - started);
  }
  process.stdout.write(`${JSON.stringify({ devices: last.devices, ms, syncMs: syncMs.slice(5), peakRssMb: peakRssMb() })}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
