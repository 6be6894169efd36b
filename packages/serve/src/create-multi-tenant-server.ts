import {
  createFleetScheduler,
  defaultTenant,
  parseTenantId,
  scopeConsumerCheckpoints,
  type Depledger,
  type FleetScheduler,
  type FleetSchedulerOptions,
  type TenantId,
} from '@depledger/core';
import { builtInProjections, createProjectionRunner, type ProjectionRunner, type ReadModelStore } from '@depledger/projections';
import type { FastifyRequest } from 'fastify';
import { createApiKeys, keyOwnerOf, type ApiKeys } from './auth/api-keys';
import type { Caller } from './auth/caller';
import { createOperatorApiKeys, type OperatorApiKeys } from './auth/tenant-keys';
import { registerConsole } from './console/console-routes';
import { serverApp, serverInfo, servingShared, type DepledgerServer, type ServeOptions, type WebhookDispatcherView } from './create-server';
import { apiErrorSchema, RequestError } from './http/api-error';
import { checkScope, presentedKey, publicCaller, registerRoutes, type RouteAccess } from './http/register-routes';
import type { AnyRoute } from './http/route';
import { openApiDocument } from './openapi/openapi-document';
import { withTenantHeader } from './openapi/tenant-header';
import { metaRoutes } from './routes/meta-routes';
import { operatorRoutes } from './routes/operator-routes';
import { serveTenant, type ServingShared, type TenantServing } from './tenant-serving';

/** The header an operator's key names the tenant it acts on with (a tenant's key may name its own tenant only). */
export const tenantHeader = 'X-Depledger-Tenant';

type TenantReadModels = Readonly<{ readModels: ReadModelStore; runner: ProjectionRunner }>;

export type MultiTenantServeOptions = Omit<ServeOptions, 'apiKeys'> &
  Readonly<{
    /**
     * The read models of a tenant other than the default one, given its depledger.
     * @defaultValue the built-in read models in `readModels.readModels` (scoped to the tenant), kept by a runner over the tenant's store
     */
    readModelsFor?(tenant: Depledger): Promise<TenantReadModels> | TenantReadModels;
    /** How often a listening server looks for tenants recorded since it started (given keys, or written to by an operator's key), to deliver their webhooks. @defaultValue 30000 */
    tenantsCheckEveryMs?: number;
    /**
     * With `scheduler`, one fleet scheduler works every served tenant's tokens from one queue (fair
     * across tenants; see createFleetScheduler): how many at once, how many of one tenant, and this node
     * among the servers sharing the store; with `store` (the store as opened), every tenant's tokens are
     * looked up in one read of it. @defaultValue `{ concurrency: 8, perTenant: 2 }`, one node, a read per tenant
     */
    fleet?: Pick<FleetSchedulerOptions, 'concurrency' | 'perTenant' | 'node' | 'standbyMs' | 'store'>;
  }>;

/** A server answering for several tenants: each request is served by the tenant of its key (or the one an operator's key names). */
export type MultiTenantServer = Omit<DepledgerServer, 'apiKeys' | 'webhooks'> &
  Readonly<{
    /** The operator's keys, each tenant's keys, and the tenants that have some. */
    apiKeys: OperatorApiKeys;
    /** The tenants this server serves so far (built on their first request, or at `listen` for those with keys). */
    served(): TenantId[];
    /** A tenant's webhook consumers (the tenant served from then on). */
    webhooksOf(tenant: TenantId): Promise<WebhookDispatcherView>;
  }>;

/**
 * One `depledger serve` for several tenants, built on the operator's depledger (the default tenant's,
 * not given a scoped store). A key names its tenant (`dpl_<tenant>_…`; none for the default tenant) and
 * is verified against that tenant's keys only; the request then goes to that tenant's services — its
 * depledger (`forTenant`), its read models, its webhooks — built once, on first use, and kept. An
 * operator's key (`dplop_…`) acts on a tenant only by naming it in the `X-Depledger-Tenant` header,
 * and lists the tenants recorded (`GET /tenants`). The routes are those of a single tenant's server.
 */
export const createMultiTenantServer = async (options: MultiTenantServeOptions): Promise<MultiTenantServer> => {
  const operator = options.depledger;
  const shared = servingShared(options);
  // the tenants do not schedule for themselves: one fleet scheduler works all their tokens, fairly
  const tenantShared = { ...shared, scheduler: false as const };
  const keys = createOperatorApiKeys(operator);
  const servings = new Map<TenantId, Promise<TenantServing>>();
  /** The depledger of each tenant built, for the fleet scheduler. */
  const built = new Map<TenantId, Depledger>();
  let listening = false;
  const fleet: FleetScheduler | null = shared.scheduler === false ? null : fleetScheduler(shared.scheduler, options, built, shared);

  /** A forgotten tenant is no longer served: its services stop (deliveries, read models' follower), and every request for it is 410. */
  const unload = async (tenant: TenantId): Promise<void> => {
    const serving = servings.get(tenant);
    if (!serving) return;
    servings.delete(tenant);
    built.delete(tenant);
    const settled = await serving.catch(() => undefined);
    if (settled) await settled.close(settled.stopScheduling());
  };
  const refuseForgotten = async (tenant: TenantId): Promise<void> => {
    const forgottenAt = await operator.tenants.forgottenAt(tenant);
    if (forgottenAt === null) return;
    await unload(tenant);
    throw new RequestError(
      'TENANT_FORGOTTEN',
      `Tenant ${tenant} was forgotten (${forgottenAt}): this server no longer serves it, and it records nothing more.`,
      { tenant },
    );
  };

  const readModelsOf = async (depledger: Depledger): Promise<TenantReadModels> => {
    if (depledger.tenant === operator.tenant) return options.readModels;
    if (options.readModelsFor) return options.readModelsFor(depledger);
    return {
      readModels: options.readModels.readModels,
      runner: createProjectionRunner({
        eventStore: depledger.store,
        readModels: options.readModels.readModels,
        projections: builtInProjections,
      }),
    };
  };

  const build = async (tenant: TenantId): Promise<TenantServing> => {
    const depledger = tenant === operator.tenant ? operator : operator.forTenant(tenant);
    const checkpoints = options.consumerCheckpoints ? scopeConsumerCheckpoints(options.consumerCheckpoints, tenant) : undefined;
    const serving = await serveTenant(depledger, await readModelsOf(depledger), keys.forTenant(tenant), checkpoints, tenantShared);
    built.set(tenant, depledger);
    if (listening) await serving.start();
    return serving;
  };

  /** A tenant's services, built once (a failed build is tried again on the next request). */
  const servingOf = (tenant: TenantId): Promise<TenantServing> => {
    let serving = servings.get(tenant);
    if (!serving) {
      serving = build(tenant);
      servings.set(tenant, serving);
      serving.catch(() => servings.delete(tenant));
    }
    return serving;
  };

  /** A tenant's keys: those of a tenant served, or looked at once (a key naming an unknown tenant builds nothing). */
  const keysOf = (tenant: TenantId): ApiKeys =>
    servings.has(tenant) ? keys.forTenant(tenant) : createApiKeys(operator.forTenant(tenant).store, operator.clock);

  const defaultServing = await servingOf(defaultTenant);
  const operatorOnly = operatorRoutes(operator);
  const operatorIds = new Set(operatorOnly.map((route) => route.operationId));

  const routeOf = async (tenant: TenantId, route: AnyRoute): Promise<AnyRoute> => {
    const serving = await servingOf(tenant);
    const answering = serving.routes.find((r) => r.operationId === route.operationId);
    if (!answering) throw new Error(`no route ${route.operationId} for the tenant`);
    return answering;
  };

  const namedTenant = (request: FastifyRequest): TenantId | undefined => {
    const named = request.headers[tenantHeader.toLowerCase()];
    if (named === undefined) return undefined;
    return parseTenantId(Array.isArray(named) ? named.join(',') : named);
  };

  const access: RouteAccess = async (route, request) => {
    if (route.scope === 'public') return { caller: publicCaller, route };
    const presented = presentedKey(request);
    const owner = presented === undefined ? null : keyOwnerOf(presented);
    if (owner?.kind === 'operator') {
      const caller = checkScope(route, await keys.operator.authenticate(presented));
      if (operatorIds.has(route.operationId)) return { caller, route };
      const tenant = namedTenant(request);
      if (tenant === undefined) {
        throw new RequestError(
          'API_TENANT_REQUIRED',
          `An operator's key acts on a tenant only by naming it: send the header ${tenantHeader}: <tenant id> (GET /tenants lists them).`,
          { header: tenantHeader },
        );
      }
      await refuseForgotten(tenant);
      // a tenant an operator writes to (a webhook registered, a token added) is served from the next start too
      if (route.scope === 'write' && !servings.has(tenant)) await keys.recordTenant(tenant, { actor: caller.actor });
      const acting: Caller = { ...caller, tenant };
      return { caller: acting, route: await routeOf(tenant, route) };
    }
    // a tenant's key (the default tenant's when it names none), verified against that tenant's keys only
    const tenant = owner?.tenant ?? defaultTenant;
    const caller = checkScope(route, await keysOf(tenant).authenticate(presented));
    if (operatorIds.has(route.operationId)) {
      throw new RequestError('API_OPERATOR_ONLY', "This route answers an operator's key only (depledger api-key create --operator).", {
        keyId: caller.keyId,
      });
    }
    const named = namedTenant(request);
    if (named !== undefined && named !== tenant) {
      throw new RequestError('TENANT_SCOPE_VIOLATION', `This API key belongs to tenant ${tenant}: it cannot act on another tenant.`, {
        tenant,
        what: 'tenant named by the request',
      });
    }
    await refuseForgotten(tenant);
    if (!servings.has(tenant)) await keys.recordTenant(tenant, { actor: caller.actor });
    return { caller, route: await routeOf(tenant, route) };
  };

  const app = serverApp(options, shared.unexpected);
  let document: Record<string, unknown> | undefined;
  const routes = [...metaRoutes(() => document as Record<string, unknown>), ...operatorOnly, ...defaultServing.routes];
  document = withTenantHeader(
    openApiDocument(
      routes,
      {
        ...serverInfo,
        description: `${serverInfo.description} Served for several tenants: a key answers for its own tenant; an operator's key names the tenant in the ${tenantHeader} header.`,
      },
      apiErrorSchema,
    ),
    tenantHeader,
    operatorIds,
  );
  registerRoutes(app, routes, access);
  if (options.console !== false) registerConsole(app, shared.lang);

  /** Serves every tenant that has keys and is not forgotten (their webhooks delivered from then on); stops serving the forgotten. */
  const serveKnownTenants = async () => {
    const active = new Set(await operator.tenants.active());
    for (const tenant of [...servings.keys()])
      if (!active.has(tenant) && (await operator.tenants.forgottenAt(tenant)) !== null) await unload(tenant);
    for (const tenant of await keys.tenants()) if (active.has(tenant)) await servingOf(tenant);
  };
  let timer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;
  return {
    app,
    routes,
    apiKeys: keys,
    served: () => [...servings.keys()],
    webhooksOf: async (tenant) => (await servingOf(parseTenantId(tenant))).dispatcher,
    listen: async (listenOptions = {}) => {
      const address = await app.listen({ port: listenOptions.port ?? 0, host: listenOptions.host ?? '127.0.0.1' });
      listening = true;
      for (const serving of servings.values()) await (await serving).start();
      await serveKnownTenants();
      timer = setInterval(() => serveKnownTenants().catch(shared.unexpected), options.tenantsCheckEveryMs ?? 30_000);
      timer.unref();
      fleet?.start();
      return address;
    },
    close: () =>
      (closing ??= (async () => {
        // a tenant built from now on (a look for new tenants in flight) is not started
        listening = false;
        if (timer) clearInterval(timer);
        const settled = async () =>
          (await Promise.all([...servings.values()].map((serving) => serving.catch(() => undefined)))).filter(
            (serving): serving is TenantServing => serving !== undefined,
          );
        // no new request, no new scheduled run; the requests in flight finish (a sync they start included)
        const fleetStopped = fleet?.stop({ cancelRunning: true });
        const stopping = new Map((await settled()).map((serving) => [serving, serving.stopScheduling()]));
        await app.close();
        // the tenants built meanwhile (by a request in flight) too
        for (const serving of await settled()) await serving.close(stopping.get(serving) ?? serving.stopScheduling());
        await fleetStopped;
        shared.sender.close();
      })()),
  };
};

/** The fleet scheduler of a server for several tenants: every tenant of the store not forgotten, looked up as often as new tenants are. */
const fleetScheduler = (
  scheduling: Exclude<ServingShared['scheduler'], false>,
  options: MultiTenantServeOptions,
  built: ReadonlyMap<TenantId, Depledger>,
  shared: ServingShared,
): FleetScheduler => {
  const { tokens: _onlyTokens, businessAccounts: _accounts, onOutcome, checkEveryMs, ...perToken } = scheduling;
  return createFleetScheduler({
    ...perToken,
    ...options.fleet,
    ...(checkEveryMs === undefined ? {} : { checkEveryMs }),
    clock: options.depledger.clock,
    discoverEveryMs: Math.min(options.tenantsCheckEveryMs ?? 30_000, checkEveryMs ?? 60_000),
    // every tenant of the store not forgotten, whether served yet or not (its read models catch up when it is)
    tenants: () => options.depledger.tenants.active(),
    depledgerOf: (tenant) => built.get(tenant) ?? options.depledger.forTenant(tenant),
    onOutcome: (outcome) => {
      onOutcome?.(outcome);
      shared.onScheduledOutcome?.(outcome);
      shared.logger?.info(
        { tenant: outcome.tenant, tokenId: outcome.tokenId, task: outcome.task, status: outcome.status },
        'scheduled work',
      );
    },
  });
};
