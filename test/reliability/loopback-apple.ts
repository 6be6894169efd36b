import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the loopback Apple answers to one request. `destroy` closes the socket without answering. */
export type CannedAnswer = Readonly<{ status: number; body: string; contentType?: string; destroy?: boolean; tag?: unknown }>;

export type LoopbackApple = Readonly<{
  url: string;
  /** Answers for the device endpoints (fetch, sync, details), taken in order; when none is left, `fallback`. */
  queue: CannedAnswer[];
  setFallback(answer: CannedAnswer): void;
  /** Requests seen, as `METHOD path`. */
  requests: string[];
  /** The answers given to the device endpoints, in order. */
  served: CannedAnswer[];
  close(): Promise<void>;
}>;

const account = JSON.stringify({
  server_name: 'Loopback MDM',
  server_uuid: '5f9e8d7c-0000-4000-8000-000000000001',
  admin_id: 'admin-1',
  facilitator_id: 'admin-1',
  org_name: 'Loopback Org',
  org_email: '',
  org_phone: '',
  org_address: '',
  org_id: 'org-1',
  org_type: 'org',
  org_version: 'v2',
});

export const finalPage: CannedAnswer = { status: 200, body: '{"devices":[],"cursor":"END","more_to_follow":false}' };

/**
 * A tiny Apple on loopback that answers the device endpoints with whatever the test says: enough
 * of `/session` and `/account` for the real gateway to get there, nothing else checked.
 */
export const startLoopbackApple = async (): Promise<LoopbackApple> => {
  const queue: CannedAnswer[] = [];
  const requests: string[] = [];
  const served: CannedAnswer[] = [];
  let fallback = finalPage;
  const body = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => resolve(text));
    });
  const server: Server = createServer((request, response) => {
    void body(request).then(() => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      requests.push(`${request.method} ${path}`);
      if (path === '/session')
        return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"auth_session_token":"loopback-session"}');
      if (path === '/account') return void response.writeHead(200, { 'content-type': 'application/json' }).end(account);
      const answer = queue.shift() ?? fallback;
      served.push(answer);
      if (answer.destroy) return void request.socket.destroy();
      response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json;charset=UTF8' }).end(answer.body);
    });
  });
  // Idle connections stay open for the whole test: with Node's 5 s default, a busy machine that takes longer than
  // that to fold a page sees the server close the connection the client is about to reuse (ECONNRESET), and with
  // one attempt per call (retries are another test's subject) the run fails for the machine's speed alone.
  server.keepAliveTimeout = 600_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queue,
    requests,
    served,
    setFallback: (answer) => (fallback = answer),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
