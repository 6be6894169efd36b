import { performance } from 'node:perf_hooks';
import { oauthAuthorizationHeader } from '@depledger/apple-simulator';
import { peakRssMb } from '../measure';

/**
 * The Apple side of the default-profile sync's limit: the same calls as depledger's run, raw —
 * a profile defined once, every page of a full fetch (pages of 1000, JSON parsed), each page's
 * serials assigned to the profile (`POST /profile/devices`), then Apple's sync feed from the
 * fetch's last cursor (the assignments reported back as modified). Nothing decided, nothing kept.
 * Uses the simulator's own credentials, so it runs on a simulator of its own. Prints one JSON line.
 *
 * argv: <simulator summary JSON>
 */
type Summary = { url: string; consumer_key: string; consumer_secret: string; access_token: string; access_secret: string };
const summary = JSON.parse(process.argv[2] as string) as Summary;

type Page = { devices: { serial_number: string }[]; cursor: string; more_to_follow: boolean };

const main = async () => {
  const authorization = oauthAuthorizationHeader(summary as never, 'GET', `${summary.url}/session`);
  const opened = await fetch(`${summary.url}/session`, { headers: { authorization, 'user-agent': 'depledger-bench/1.0' } });
  if (!opened.ok) throw new Error(`session answered ${opened.status}`);
  const session = ((await opened.json()) as { auth_session_token: string }).auth_session_token;
  const call = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${summary.url}${path}`, {
      method: 'POST',
      headers: {
        'x-adm-auth-session': session,
        'user-agent': 'depledger-bench/1.0',
        'x-server-protocol-version': '10',
        'content-type': 'application/json;charset=UTF8',
      },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as T;
  };

  const started = performance.now();
  const { profile_uuid } = await call<{ profile_uuid: string }>('/profile', {
    profile_name: 'Bench corporate',
    url: 'https://mdm.bench.example/enroll',
  });
  let fetched = 0;
  let cursor: string | undefined;
  for (;;) {
    const page: Page = await call<Page>('/server/devices', cursor === undefined ? { limit: 1000 } : { cursor, limit: 1000 });
    fetched += page.devices.length;
    cursor = page.cursor;
    if (page.devices.length > 0) await call('/profile/devices', { profile_uuid, devices: page.devices.map((d) => d.serial_number) });
    if (!page.more_to_follow) break;
  }
  let modified = 0;
  for (;;) {
    const page: Page = await call<Page>('/devices/sync', { cursor, limit: 1000 });
    modified += page.devices.length;
    cursor = page.cursor;
    if (!page.more_to_follow) break;
  }
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ fetched, modified, ms, peakRssMb: peakRssMb() })}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
