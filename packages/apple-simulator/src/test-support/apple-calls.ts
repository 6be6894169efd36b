import { request } from 'node:http';
import { oauthAuthorizationHeader } from '../oauth/oauth-signer';
import type { OAuthCredentials } from '../state/server-token';

/** A minimal DEP client for the simulator's own tests (the real one lives in @depledger/apple). */
export interface Answer {
  status: number;
  text: string;
  headers: Headers;
  json<T = Record<string, unknown>>(): T;
}

export const userAgent = 'depledger-tests/1.0';

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, text, headers: response.headers, json: <T>() => JSON.parse(text) as T };
}

export interface SessionOptions {
  nonce?: string;
  timestamp?: number;
  headers?: Record<string, string>;
}

export async function requestSession(url: string, credentials: OAuthCredentials, options: SessionOptions = {}): Promise<Answer> {
  const authorization = oauthAuthorizationHeader(credentials, 'GET', `${url}/session`, {
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
  });
  return answer(
    await fetch(`${url}/session`, {
      headers: { authorization, 'user-agent': userAgent, 'x-server-protocol-version': '10', ...options.headers },
    }),
  );
}

export async function openSession(url: string, credentials: OAuthCredentials, options: SessionOptions = {}): Promise<string> {
  const reply = await requestSession(url, credentials, options);
  if (reply.status !== 200) throw new Error(`session failed: ${reply.status} ${reply.text}`);
  return reply.json<{ auth_session_token: string }>().auth_session_token;
}

export interface CallOptions {
  body?: unknown;
  version?: number;
  headers?: Record<string, string>;
}

export async function callApple(url: string, session: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {
    'x-adm-auth-session': session,
    'user-agent': userAgent,
    'x-server-protocol-version': String(options.version ?? 10),
    ...options.headers,
  };
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json;charset=UTF8';
    init.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  return answer(await fetch(`${url}${path}`, init));
}

/** A session-holding client: `call` opens a session first when it has none. */
export function appleClient(url: string, credentials: OAuthCredentials, version = 10) {
  let session: string | undefined;
  return {
    async call(method: string, path: string, body?: unknown, extra: Omit<CallOptions, 'body'> = {}): Promise<Answer> {
      session ??= await openSession(url, credentials);
      return callApple(url, session, method, path, { version, ...extra, ...(body === undefined ? {} : { body }) });
    },
    async newSession(): Promise<string> {
      session = await openSession(url, credentials);
      return session;
    },
    get session(): string | undefined {
      return session;
    },
  };
}

export interface RawAnswer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A request through node:http, for headers `fetch` will not send or omit (Host, no User-Agent). */
export function rawRequest(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const call = request(target, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    call.on('error', reject);
    call.end(body);
  });
}

/** Collects every device of a full fetch, page by page. */
export async function fetchAll(
  client: ReturnType<typeof appleClient>,
  limit: number,
): Promise<{ serials: string[]; pages: number; cursor: string }> {
  const serials: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const reply = await client.call('POST', '/server/devices', cursor === undefined ? { limit } : { cursor, limit });
    if (reply.status !== 200) throw new Error(`fetch failed: ${reply.status} ${reply.text}`);
    const page = reply.json<{ devices: Array<{ serial_number: string }>; cursor: string; more_to_follow: boolean }>();
    pages++;
    for (const d of page.devices) serials.push(d.serial_number);
    cursor = page.cursor;
    if (!page.more_to_follow) return { serials, pages, cursor };
  }
}
