import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppleError } from '../apple-error';
import type { BusinessState } from './business-side';
import { businessRoutes, methodNotAllowed } from './business-routes';
import { takeInjectedFault } from './business-faults';
import { BusinessApiFault, notFound, sendFault, sendJson } from './json-api';
import { activityLogCsv, activityLogPath } from './resources';
import { serveTokenRequest, tokenPath } from './token-endpoint';

/** True for the Business API's paths: its token endpoint and everything under `/v1/`. */
export function isBusinessPath(path: string): boolean {
  return path === tokenPath || path.startsWith('/v1/') || path.startsWith(activityLogPath);
}

/** A completed activity's CSV log behind its presigned link: the signature is the credential, not a bearer token. */
function serveActivityLog(state: BusinessState, res: ServerResponse, url: URL): void {
  const id = /^([^/]+)\.csv$/.exec(url.pathname.slice(activityLogPath.length))?.[1] ?? '';
  const activity = state.activities.get(id);
  if (activity === undefined || activity.completedMs === undefined || url.searchParams.get('signature') !== activity.logToken)
    throw notFound('There is no activity log at this link, or the link is not valid.');
  const body = activityLogCsv(activity);
  res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const unauthorized = (detail: string): BusinessApiFault =>
  new BusinessApiFault(401, 'NOT_AUTHORIZED', 'Authentication credentials are missing or invalid', detail, undefined, {
    'WWW-Authenticate': 'Bearer',
  });

function bearerClient(state: BusinessState, req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (\S+)$/.exec(header);
  if (match === null) throw unauthorized('Provide an access token as a Bearer token in the Authorization header.');
  const issued = state.accessTokens.get(match[1] ?? '');
  if (issued === undefined) throw unauthorized('The access token is not valid.');
  if (issued.expiresMs <= state.org.clock.nowMs()) {
    state.accessTokens.delete(match[1] ?? '');
    throw unauthorized('The access token has expired.');
  }
  return issued.clientId;
}

/** Serves one request to the Business API side: injected faults, the bearer token, then the resource. */
export async function serveBusinessRequest(state: BusinessState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    if (url.pathname === tokenPath) return await serveTokenRequest(state, req, res);
    if (url.pathname.startsWith(activityLogPath)) return serveActivityLog(state, res, url);
    const injected = takeInjectedFault(state.faults);
    if (injected !== undefined) {
      const headers: Record<string, string> =
        injected.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(injected.retryAfterSeconds) };
      const code = injected.status === 429 ? 'RATE_LIMIT_EXCEEDED' : 'UNEXPECTED_ERROR';
      throw new BusinessApiFault(
        injected.status,
        code,
        injected.status === 429 ? 'Too many requests' : 'Unexpected error',
        'Injected by the simulator.',
        undefined,
        headers,
      );
    }
    const clientId = bearerClient(state, req);
    const origin = `http://${req.headers.host ?? ''}`;
    const candidates = businessRoutes.filter((route) => route.pattern.test(url.pathname));
    if (candidates.length === 0) throw notFound(`There is no resource at ${url.pathname}.`);
    const route = candidates.find((candidate) => candidate.method === req.method);
    if (route === undefined) throw methodNotAllowed();
    const params = (route.pattern.exec(url.pathname) ?? []).slice(1);
    const reply = await route.handle({ state, req, url, origin, clientId, params });
    sendJson(res, reply.status ?? 200, reply.body);
  } catch (error) {
    if (error instanceof BusinessApiFault) return sendFault(res, error);
    if (error instanceof AppleError && error.status === 400) {
      return sendFault(
        res,
        new BusinessApiFault(400, 'ENTITY_ERROR.INVALID_JSON', 'The request body is not valid JSON', 'Send a JSON:API document.'),
      );
    }
    if (error instanceof AppleError && error.status === 413)
      return sendFault(
        res,
        new BusinessApiFault(413, 'ENTITY_TOO_LARGE', 'The request body is too large', 'Send fewer devices per activity.'),
      );
    sendFault(res, new BusinessApiFault(500, 'UNEXPECTED_ERROR', 'Unexpected error', 'The simulator failed to answer.'));
  }
}
