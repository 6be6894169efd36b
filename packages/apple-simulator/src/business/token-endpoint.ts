import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText } from '../http/http-io';
import { scopeOf } from './api-account';
import { checkClientAssertion } from './assertion-check';
import type { BusinessState } from './business-side';
import { sendJson } from './json-api';

/** Where the simulator's token endpoint listens: the path of Apple's `https://account.apple.com/auth/oauth2/v2/token`. */
export const tokenPath = '/auth/oauth2/v2/token';

const jwtBearer = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const refuse = (res: ServerResponse, error: string, description?: string): void =>
  sendJson(res, 400, description === undefined ? { error } : { error, error_description: description }, { 'Cache-Control': 'no-store' });

/**
 * `POST /auth/oauth2/v2/token`: OAuth 2 client credentials with a client assertion (RFC 7523). The
 * assertion's `aud` must be this endpoint's own URL (`http://<Host>/auth/oauth2/v2/token`).
 */
export async function serveTokenRequest(state: BusinessState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request' });
  const contentType = req.headers['content-type'] ?? '';
  const text = await readBodyText(req);
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded'))
    return refuse(res, 'invalid_request', 'Send the form as application/x-www-form-urlencoded.');
  const form = new URLSearchParams(text);
  if (form.get('grant_type') !== 'client_credentials') return refuse(res, 'unsupported_grant_type');
  const clientId = form.get('client_id') ?? '';
  const assertion = form.get('client_assertion');
  if (form.get('client_assertion_type') !== jwtBearer || assertion === null || clientId === '') return refuse(res, 'invalid_request');

  const nowMs = state.org.clock.nowMs();
  for (const [key, expMs] of state.seenJti) if (expMs <= nowMs) state.seenJti.delete(key);
  const check = checkClientAssertion({
    assertion,
    clientId,
    audience: `http://${req.headers.host ?? ''}${tokenPath}`,
    nowMs,
    accounts: state.accounts,
    seenJti: (client, jti) => state.seenJti.has(`${client} ${jti}`),
  });
  if (!check.ok) {
    state.refusals.push(check.problem);
    return refuse(res, 'invalid_client');
  }
  const scope = scopeOf(check.account.kind);
  if (form.get('scope') !== scope) return refuse(res, 'invalid_scope');
  state.seenJti.set(`${clientId} ${check.jti}`, check.expMs);
  const accessToken = randomBytes(24).toString('base64url');
  state.accessTokens.set(accessToken, { clientId, scope, expiresMs: nowMs + state.accessTokenLifetimeSeconds * 1000 });
  sendJson(
    res,
    200,
    { access_token: accessToken, token_type: 'Bearer', expires_in: state.accessTokenLifetimeSeconds, scope },
    { 'Cache-Control': 'no-store' },
  );
}
