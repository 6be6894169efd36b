import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test support: a tiny HTTP server on loopback that answers with recorded Apple responses and keeps every request. */
export type SeenRequest = Readonly<{
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}>;

export type Reply = Readonly<{
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Close the connection without answering. */
  hangUp?: boolean;
  /** Never answer: hold the request until the client closes the connection (or the server closes). */
  hold?: boolean;
}>;
export type Route = (request: SeenRequest, nth: number) => Reply | Promise<Reply>;

export type RecordedApple = Readonly<{
  url: string;
  requests: SeenRequest[];
  /** Requests to one route, e.g. `seen('POST /server/devices')`. */
  seen(route: string): SeenRequest[];
  /** Requests whose client closed the connection before the server answered, in the order they closed. */
  abandoned: SeenRequest[];
  route(key: string, route: Route | Reply | readonly Reply[]): void;
  close(): Promise<void>;
}>;

export const accountRecord = {
  server_name: 'Acme MDM',
  server_uuid: '9F5E0C5B3A2D4E1FA0B1C2D3E4F5A6B7',
  admin_id: 'it@acme.example',
  facilitator_id: 'it@acme.example',
  org_name: 'Acme',
  org_email: 'it@acme.example',
  org_phone: '+33 1 23 45 67 89',
  org_address: '1 rue de la Paix, Paris',
  org_id: '1234567',
  org_id_hash: 'abcdef',
  org_type: 'org',
  org_version: 'v1',
  urls: [],
};

export const startRecordedApple = async (initial: Record<string, Route | Reply | readonly Reply[]> = {}): Promise<RecordedApple> => {
  const requests: SeenRequest[] = [];
  const abandoned: SeenRequest[] = [];
  const counts = new Map<string, number>();
  let sessions = 0;
  const routes = new Map<string, Route>();
  const route = (key: string, value: Route | Reply | readonly Reply[]) => {
    counts.delete(key);
    if (typeof value === 'function') routes.set(key, value);
    else if (Array.isArray(value))
      routes.set(key, (_r, nth) => (value as readonly Reply[])[Math.min(nth, value.length - 1)] ?? { status: 500 });
    else routes.set(key, () => value as Reply);
  };
  route('GET /session', () => ({ body: { auth_session_token: `session-${++sessions}` } }));
  route('GET /account', { body: accountRecord });
  for (const [key, value] of Object.entries(initial)) route(key, value);

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = body ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        const seen: SeenRequest = {
          method: req.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
          json,
        };
        requests.push(seen);
        let hungUp = false;
        res.once('close', () => {
          if (!res.writableFinished && !hungUp) abandoned.push(seen);
        });
        const key = `${seen.method} ${seen.path}`;
        const nth = counts.get(key) ?? 0;
        counts.set(key, nth + 1);
        const handler = routes.get(key);
        const reply: Reply = handler ? await handler(seen, nth) : { status: 404, body: '' };
        if (reply.hold === true) return;
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (reply.hangUp) {
          hungUp = true;
          req.socket.destroy();
          return;
        }
        const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, {
          'Content-Type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
          ...reply.headers,
        });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    abandoned,
    seen: (key) => requests.filter((r) => `${r.method} ${r.path}` === key),
    route,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export const testCredentials = {
  consumerKey: 'CK_48dd68d1a1b2c3d4',
  consumerSecret: 'CS_34c7b2b5a1b2c3d4',
  accessToken: 'AT_92769683a1b2c3d4',
  accessSecret: 'AS_c31afd7aa1b2c3d4',
};
