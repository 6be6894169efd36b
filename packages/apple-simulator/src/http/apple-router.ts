import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppleError } from '../apple-error';
import { accountDetail } from '../routes/account';
import { escrowActivationLock } from '../routes/activation-lock';
import {
  getAccountDrivenEnrollmentProfile,
  removeAccountDrivenEnrollmentProfile,
  setAccountDrivenEnrollmentProfile,
} from '../routes/account-driven-enrollment';
import { assignProfile } from '../routes/assign-profile';
import { defineProfile } from '../routes/define-profile';
import { deviceDetails } from '../routes/device-details';
import { disownDevices } from '../routes/disown-devices';
import { fetchDevices } from '../routes/fetch-devices';
import { getProfile } from '../routes/get-profile';
import { removeProfile } from '../routes/remove-profile';
import { replacementDetails } from '../routes/replacement-details';
import { openSession } from '../routes/session';
import { syncDevices } from '../routes/sync-devices';
import type { Organisation } from '../state/organisation';
import { protocolVersionOf, type AppleContext, type AppleHandler } from './apple-context';
import { readJsonBody, sendAppleError, sendJsonText } from './http-io';
import { admitSession } from './session-gate';

const appleRoutes: Record<string, Partial<Record<string, AppleHandler>>> = {
  '/account': { GET: accountDetail },
  '/server/devices': { POST: fetchDevices },
  '/devices/sync': { POST: syncDevices },
  '/devices': { POST: deviceDetails },
  '/devices/disown': { POST: disownDevices },
  '/profile': { POST: defineProfile, GET: getProfile },
  '/profile/devices': { POST: assignProfile, PUT: assignProfile, DELETE: removeProfile },
  '/device/activationlock': { POST: escrowActivationLock },
  '/device/replacementDetails': { GET: replacementDetails },
  '/account-driven-enrollment/profile': {
    POST: setAccountDrivenEnrollmentProfile,
    GET: getAccountDrivenEnrollmentProfile,
    DELETE: removeAccountDrivenEnrollmentProfile,
  },
};

/** True for paths that belong to Apple's service (everything else is the simulator's own). */
export function isApplePath(path: string): boolean {
  return path === '/session' || path in appleRoutes;
}

function requireUserAgent(org: Organisation, req: IncomingMessage): void {
  const agent = req.headers['user-agent'];
  if (agent === undefined || agent.trim() === '') throw new AppleError(400, 'USER_AGENT_MISSING');
  if (org.settings.rejectUserAgent?.test(agent) === true) throw new AppleError(400, 'USER_AGENT_INVALID');
}

/**
 * Holds an answer for the latency set when it arrived, or for the latency set now if that changed
 * meanwhile: lowering the latency (to 0, say) releases the answers already waiting, so a caller can
 * hold Apple for as long as a scene needs and let go at a moment of its choosing.
 */
const awaitLatency = async (faults: Organisation['faults']): Promise<void> => {
  const arrived = Date.now();
  for (;;) {
    const left = arrived + faults.get().latencyMs - Date.now();
    if (left <= 0) return;
    await sleep(Math.min(left, 50));
  }
};

/** Serves one request to Apple's side: faults first, then User-Agent, session and the endpoint. */
export async function serveAppleRequest(org: Organisation, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const faults = org.faults;
  if (faults.rollDrop()) {
    req.socket.destroy();
    return;
  }
  await awaitLatency(faults);
  const injectedStatus = faults.rollServerError();
  const depsim = faults.get().depsim;
  if (injectedStatus !== undefined) {
    sendAppleError(res, new AppleError(injectedStatus, ''), depsim);
    return;
  }
  let rotatedSession: string | undefined;
  try {
    requireUserAgent(org, req);
    if (url.pathname === '/session') {
      if (req.method !== 'GET') throw new AppleError(405, '');
      sendJsonText(res, 200, openSession(org, req, url).json);
      return;
    }
    const handler = appleRoutes[url.pathname]?.[req.method ?? ''];
    if (handler === undefined) throw new AppleError(405, '');
    const { session, server } = admitSession(org, req);
    const failure = faults.failureOfServer(server.id);
    if (failure !== undefined) throw new AppleError(failure, '');
    let body: Promise<unknown> | undefined;
    const ctx: AppleContext = {
      org,
      req,
      query: url.searchParams,
      server,
      session,
      protocolVersion: protocolVersionOf(req, org.settings.defaultProtocolVersion),
      depsim,
      body: () => (body ??= readJsonBody(req)),
    };
    const every = org.settings.rotateSessionEveryRequests;
    if (every > 0 && session.requests % every === 0) rotatedSession = org.sessions.issue(session.consumerKey, org.clock.nowMs()).token;
    const reply = await handler(ctx);
    sendJsonText(res, reply.status ?? 200, reply.json, rotatedSession === undefined ? {} : { 'X-ADM-Auth-Session': rotatedSession });
  } catch (error) {
    const appleError = error instanceof AppleError ? error : new AppleError(500, '');
    sendAppleError(res, appleError, depsim, rotatedSession === undefined ? {} : { 'X-ADM-Auth-Session': rotatedSession });
  }
}
