import type { z } from 'zod';
import { AppleResponseError } from '../errors/transport-errors';
import { abortableSleep, defaultRetryPolicy } from '../http/retry-policy';
import { createTransport, defaultTransportOptions, type AppleRequest } from '../http/transport';
import { defaultUserAgent } from '../client-options';
import { createAccessTokens, scopeFor } from './access-token';
import { isLoopbackUrl } from '../gateway/refusal-trust';
import { requireAppleBusinessUrl } from './apple-hosts';
import { BusinessApiError } from './business-error';
import {
  appleAccountTokenUrl,
  appleBusinessApiUrl,
  appleSchoolApiUrl,
  type BusinessClientEvent,
  type BusinessClientOptions,
} from './business-options';
import {
  activityResource,
  appleCareCoverageResource,
  errorDocument,
  listDocument,
  mdmServerResource,
  oneDocument,
  orgDeviceResource,
  resourceIdentifier,
} from './json-api-documents';
import { toAppleCareCoverage, toMdmServer, toOrgDevice, type AppleCareCoverage, type OrgDevice, type OrgMdmServer } from './org-device';
import { createActivityCalls, type OrgDeviceActivity, type ActivityCalls } from './org-device-activity';

/** Apple's School and Business Manager API, resource by resource. Every call takes an optional AbortSignal. */
export type BusinessClient = ActivityCalls &
  Readonly<{
    /** The organisation's devices, a page at a time (`meta.paging.nextCursor` followed to the end). */
    orgDevicePages(signal?: AbortSignal): AsyncIterable<OrgDevice[]>;
    /** Every device of the organisation. */
    orgDevices(signal?: AbortSignal): Promise<OrgDevice[]>;
    orgDevice(id: string, signal?: AbortSignal): Promise<OrgDevice>;
    appleCareCoverage(id: string, signal?: AbortSignal): Promise<AppleCareCoverage[]>;
    /** The id of the MDM server a device is assigned to, or null. */
    assignedServerId(id: string, signal?: AbortSignal): Promise<string | null>;
    mdmServers(signal?: AbortSignal): Promise<OrgMdmServer[]>;
    /** The ids of the devices assigned to a server. */
    mdmServerDeviceIds(serverId: string, signal?: AbortSignal): Promise<string[]>;
    /**
     * A completed activity's per-device log: the CSV behind its presigned `downloadUrl` (fetched
     * without the access token), or null while the activity has none.
     */
    activityLog(id: string, signal?: AbortSignal): Promise<string | null>;
  }>;

export type { OrgDeviceActivity };

/** Makes a client; nothing is sent until a call needs it. */
export function createBusinessClient(options: BusinessClientOptions): BusinessClient {
  const defaults = defaultTransportOptions();
  const observe = (event: BusinessClientEvent) => {
    try {
      options.observe?.(event);
    } catch {
      // an observer's failure is its own business
    }
  };
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const common = {
    retry,
    attemptTimeoutMs: options.attemptTimeoutMs ?? defaults.attemptTimeoutMs,
    sleep: options.sleep ?? abortableSleep,
    random: options.random ?? defaults.random,
    now: options.now ?? defaults.now,
    fetch: options.fetch ?? defaults.fetch,
  };
  const userAgent = options.userAgent ?? defaultUserAgent;
  const tokenUrl = options.tokenUrl ?? appleAccountTokenUrl;
  let baseUrlInUse: string | undefined;
  const tokens = createAccessTokens({
    ...common,
    credentials: options.credentials,
    tokenUrl,
    assertionLifetimeSeconds: options.assertionLifetimeSeconds ?? 600,
    renewalMarginMs: options.tokenRenewalMarginMs ?? 60_000,
    userAgent,
    observe,
  });
  let transport: ReturnType<typeof createTransport> | undefined;
  const transportFor = async () => {
    if (transport !== undefined) return transport;
    const baseUrl =
      options.baseUrl ?? (scopeFor((await options.credentials()).clientId) === 'school.api' ? appleSchoolApiUrl : appleBusinessApiUrl);
    baseUrlInUse = baseUrl;
    transport = createTransport({
      ...defaults,
      ...common,
      baseUrl,
      userAgent,
      protocolVersion: 1,
      observe: (event) => (event.type === 'retry' ? observe(event) : undefined),
    });
    return transport;
  };
  const pageLimit = String(options.pageLimit ?? 1000);

  /** One call with the bearer token; a 401 replaces the token once. */
  const call = async <T extends z.ZodType>(request: AppleRequest, schema: T): Promise<z.infer<T>> => {
    requireAppleBusinessUrl(tokenUrl, 'token endpoint');
    const http = await transportFor();
    requireAppleBusinessUrl(baseUrlInUse as string, 'API');
    const endpoint = `${request.method} ${request.path}`;
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.get(request.signal);
      const response = await http.send({
        ...request,
        headers: { ...request.headers, Authorization: `Bearer ${token}`, Accept: 'application/json' },
      });
      if (response.status === 401 && attempt === 1) {
        tokens.invalidate(token);
        observe({ type: 'access-token-replaced' });
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        let json: unknown;
        try {
          json = JSON.parse(response.body);
        } catch {
          throw new AppleResponseError(endpoint, 'the body is not JSON');
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success)
          throw new AppleResponseError(
            endpoint,
            `not the JSON:API document expected: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`,
          );
        return parsed.data;
      }
      throw refusal(endpoint, response.status, response.body);
    }
  };

  async function* pagesOf<T extends z.ZodType>(path: string, item: T, signal?: AbortSignal): AsyncIterable<Array<z.infer<T>>> {
    let cursor: string | undefined;
    const seen = new Set<string>();
    do {
      const query: Record<string, string> = cursor === undefined ? { limit: pageLimit } : { limit: pageLimit, cursor };
      const page = await call({ method: 'GET', path, query, signal }, listDocument(item));
      yield page.data;
      cursor = page.meta?.paging?.nextCursor ?? undefined;
      if (cursor !== undefined && seen.has(cursor)) throw new AppleResponseError(`GET ${path}`, 'the same next cursor came back twice');
      if (cursor !== undefined) seen.add(cursor);
    } while (cursor !== undefined);
  }
  const all = async <T extends z.ZodType>(path: string, item: T, signal?: AbortSignal): Promise<Array<z.infer<T>>> => {
    const items: Array<z.infer<T>> = [];
    for await (const page of pagesOf(path, item, signal)) items.push(...page);
    return items;
  };
  const encoded = (id: string) => encodeURIComponent(id);

  const client: Omit<BusinessClient, keyof ActivityCalls | 'activityLog'> = {
    async *orgDevicePages(signal) {
      for await (const page of pagesOf('/v1/orgDevices', orgDeviceResource, signal)) yield page.map(toOrgDevice);
    },
    orgDevices: async (signal) => (await all('/v1/orgDevices', orgDeviceResource, signal)).map(toOrgDevice),
    orgDevice: async (id, signal) =>
      toOrgDevice((await call({ method: 'GET', path: `/v1/orgDevices/${encoded(id)}`, signal }, oneDocument(orgDeviceResource))).data),
    appleCareCoverage: async (id, signal) =>
      (await all(`/v1/orgDevices/${encoded(id)}/appleCareCoverage`, appleCareCoverageResource, signal)).map(toAppleCareCoverage),
    assignedServerId: async (id, signal) =>
      (
        await call(
          { method: 'GET', path: `/v1/orgDevices/${encoded(id)}/relationships/assignedServer`, signal },
          oneDocument(resourceIdentifier.nullable()),
        )
      ).data?.id ?? null,
    mdmServers: async (signal) => (await all('/v1/mdmServers', mdmServerResource, signal)).map(toMdmServer),
    mdmServerDeviceIds: async (serverId, signal) =>
      (await all(`/v1/mdmServers/${encoded(serverId)}/relationships/devices`, resourceIdentifier, signal)).map((device) => device.id),
  };
  const activities = createActivityCalls({
    create: (body, signal) => call({ method: 'POST', path: '/v1/orgDeviceActivities', body, signal }, oneDocument(activityResource)),
    read: (id, signal) => call({ method: 'GET', path: `/v1/orgDeviceActivities/${encoded(id)}`, signal }, oneDocument(activityResource)),
    serverDeviceIds: client.mdmServerDeviceIds,
    sleep: common.sleep,
    now: common.now,
  });
  const activityLog: BusinessClient['activityLog'] = async (id, signal) => {
    const { downloadUrl } = await activities.activity(id, signal);
    if (downloadUrl === null) return null;
    const endpoint = 'GET activity log';
    let parsed: URL;
    try {
      parsed = new URL(downloadUrl);
    } catch {
      throw new AppleResponseError(endpoint, 'the downloadUrl is not a URL');
    }
    if (parsed.protocol !== 'https:' && !isLoopbackUrl(downloadUrl)) throw new AppleResponseError(endpoint, 'the downloadUrl is not https');
    const timeout = AbortSignal.timeout(common.attemptTimeoutMs);
    const response = await common.fetch(downloadUrl, {
      headers: { 'User-Agent': userAgent, Accept: 'text/csv' },
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    if (!response.ok) throw refusal(endpoint, response.status, await response.text());
    return response.text();
  };
  return { ...client, ...activities, activityLog };
}

/** Apple's refusal as a typed error, with Apple's code and detail (never a secret: they describe our request). */
function refusal(endpoint: string, status: number, body: string): BusinessApiError {
  let first: { code?: string | null | undefined; detail?: string | null | undefined } | undefined;
  try {
    first = errorDocument.safeParse(JSON.parse(body)).data?.errors[0];
  } catch {
    first = undefined;
  }
  const appleCode = first?.code ?? null;
  const said = first?.detail ? ` Apple said: ${first.detail.slice(0, 300)}` : '';
  const details = { httpStatus: status, appleCode, endpoint };
  if (status === 401)
    return new BusinessApiError(
      'BUSINESS_AUTH_REFUSED',
      `${endpoint}: Apple refused a fresh access token (HTTP 401).${said} Connect the API account again.`,
      details,
    );
  if (status === 403)
    return new BusinessApiError(
      'BUSINESS_FORBIDDEN',
      `${endpoint}: the API account may not do this (HTTP 403).${said} Give it the permission in the portal.`,
      details,
    );
  if (status === 404)
    return new BusinessApiError(
      'BUSINESS_NOT_FOUND',
      `${endpoint}: Apple knows no such resource (HTTP 404).${said} Check the id.`,
      details,
    );
  return new BusinessApiError(
    'BUSINESS_REQUEST_REJECTED',
    `${endpoint}: Apple rejected the request (HTTP ${status}${appleCode === null ? '' : ` ${appleCode}`}).${said}`,
    details,
  );
}
