import type { IncomingMessage, ServerResponse } from 'node:http';
import { controlRoutes } from '../routes/control-routes';
import { portalRoutes } from '../routes/portal-routes';
import { sendControlError, sendControlJson } from './control-io';
import { refusedControlRequest } from './control-guard';
import { readControlBody, type ControlBody, type ControlTargets } from './control-route';

const routes = [...portalRoutes, ...controlRoutes];

/** The `:name` values when `path` fits `pattern`, else undefined. */
function match(pattern: string, path: string): string[] | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) params.push(decodeURIComponent(g));
    else if (w !== g) return undefined;
  }
  return params;
}

/** Serves `/_portal/…` and `/_control/…` (the simulator's own API; Apple never uses these paths). */
export async function serveControlRequest(targets: ControlTargets, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let pathMatched = false;
  const refused = refusedControlRequest(req);
  if (refused !== undefined) {
    req.resume();
    sendControlJson(res, 403, { error: 'FORBIDDEN', message: `The simulator's control API refused this request: ${refused}.` });
    return;
  }
  try {
    for (const [method, pattern, handle] of routes) {
      const params = match(pattern, url.pathname);
      if (params === undefined) continue;
      pathMatched = true;
      if (method !== req.method) continue;
      let body: Promise<ControlBody> | undefined;
      const result = await handle({ targets, params, query: url.searchParams, body: () => (body ??= readControlBody(req)) });
      sendControlJson(res, 200, result);
      return;
    }
    sendControlJson(res, pathMatched ? 405 : 404, {
      error: pathMatched ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND',
      message: `${req.method} ${url.pathname}`,
    });
  } catch (error) {
    sendControlError(res, error);
  }
}
