import type { IncomingMessage } from 'node:http';
import { AppleError } from '../apple-error';
import type { MdmServer } from '../state/mdm-server';
import type { Organisation } from '../state/organisation';
import type { AuthSession } from '../state/session-store';

export interface Admitted {
  session: AuthSession;
  server: MdmServer;
}

/**
 * Checks `X-ADM-Auth-Session` on every endpoint but `/session`: missing, unknown or expired → 401
 * with an empty body (depsim: 403 `FORBIDDEN` for unknown ones); revoked or replaced token → 403
 * with the configured code; terms not accepted → 403 `T_C_NOT_SIGNED`.
 */
export function admitSession(org: Organisation, req: IncomingMessage): Admitted {
  const header = req.headers['x-adm-auth-session'];
  const token = Array.isArray(header) ? header[0] : header;
  if (token === undefined || token === '') throw new AppleError(401, '');
  const depsim = org.faults.get().depsim;
  const unknown = depsim ? new AppleError(403, 'FORBIDDEN') : new AppleError(401, '');
  const session = org.sessions.find(token);
  if (session === undefined) throw unknown;
  const nowMs = org.clock.nowMs();
  const everyN = org.faults.get().sessionExpiryEveryRequests;
  const cutoff = org.sessionCutoffMs;
  const cutOff = cutoff !== undefined && nowMs >= cutoff && session.issuedMs < cutoff;
  if (cutOff || nowMs - session.issuedMs > org.settings.sessionTtlSeconds * 1000 || (everyN > 0 && session.requests >= everyN)) {
    org.sessions.forget(token);
    throw unknown;
  }
  session.requests++;
  const serverToken = org.tokens.get(session.consumerKey);
  if (serverToken === undefined || serverToken.state !== 'active') throw new AppleError(403, org.settings.revokedTokenCode);
  if (serverToken.expiryMs <= nowMs) throw new AppleError(401, '');
  if (!org.termsAccepted) throw new AppleError(403, 'T_C_NOT_SIGNED');
  const server = org.servers.get(serverToken.serverId);
  if (server === undefined) throw new AppleError(403, 'ACCESS_DENIED');
  return { session, server };
}
