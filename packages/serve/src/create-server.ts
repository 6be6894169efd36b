import {
  isDepledgerError,
  type ConsumerCheckpointStore,
  type Depledger,
  type DepledgerLogger,
  type ScheduledOutcome,
  type SyncSchedulerOptions,
} from '@depledger/core';
import type { Lang, ProjectionRunner, ReadModelStore } from '@depledger/projections';
import Fastify, { type FastifyInstance } from 'fastify';
import { createApiKeys, type ApiKeys } from './auth/api-keys';
import { registerConsole } from './console/console-routes';
import { apiErrorSchema } from './http/api-error';
import { installErrorHandler } from './http/error-handler';
import { installRequestLog } from './http/request-log';
import { keyAccess, registerRoutes } from './http/register-routes';
import type { AnyRoute } from './http/route';
import { openApiDocument } from './openapi/openapi-document';
import { metaRoutes } from './routes/meta-routes';
import { serveTenant, type ServingShared } from './tenant-serving';
import type { WebhookDeliveryOptions } from './webhooks/webhook-dispatcher';
import { createWebhookSender } from './webhooks/webhook-sender';
import { createWebhookTargetPolicy } from './webhooks/webhook-targets';

export type ServeOptions = Readonly<{
  depledger: Depledger;
  /**
   * The built-in read models over depledger's store, and the runner that keeps them (the server follows the store live).
   * For a tenant's depledger, build the runner over `depledger.store`: both then keep and read the tenant's read models.
   */
  readModels: Readonly<{ readModels: ReadModelStore; runner: ProjectionRunner }>;
  /** Language of labels when a request does not ask for one. @defaultValue 'en' */
  lang?: Lang;
  /** Run the scheduler inside the server (full and delta syncs, expiry checks, retries), with these options. @defaultValue off */
  scheduler?: false | SyncSchedulerOptions;
  /** The administrator's console at `/`, in the browser (it calls this API with the key one signs in with). @defaultValue true */
  console?: boolean;
  /** Largest JSON body accepted, in bytes (a `.p7m` upload has its own limit of 256 KiB). @defaultValue 65536 */
  bodyLimit?: number;
  /** @defaultValue API keys kept in depledger's store */
  apiKeys?: ApiKeys;
  /** Retries, backoff and timeout of webhook deliveries. */
  webhooks?: WebhookDeliveryOptions;
  /**
   * A structured logger with pino's call shape (a pino instance as is): requests (method, route,
   * status, duration), webhook deliveries, and the failures behind a 500, by id and code — never
   * a key, a secret, a body or a person. Pass the same logger to `createDepledger` for its appends,
   * Apple calls and sync runs. @defaultValue none
   */
  logger?: DepledgerLogger;
  /** Where webhook deliveries keep their checkpoints. @defaultValue beside the read models (`readModelCheckpoints`) */
  consumerCheckpoints?: ConsumerCheckpointStore;
  /** Hears of errors the server did not expect (answered 500) and of the scheduler's outcomes; nothing secret is passed. */
  onUnexpectedError?(error: unknown): void;
  onScheduledOutcome?(outcome: ScheduledOutcome): void;
}>;

/** depledger over HTTP: the app (fastify), its routes and OpenAPI document, and a clean shutdown. */
export type WebhookDispatcherView = Pick<import('./webhooks/webhook-dispatcher').WebhookDispatcher, 'consumerOf'>;

export type DepledgerServer = Readonly<{
  app: FastifyInstance;
  routes: readonly AnyRoute[];
  apiKeys: ApiKeys;
  /** The webhooks' durable consumers (one per receiver), started by `listen`. */
  webhooks: WebhookDispatcherView;
  /** Listens (loopback by default), starts the webhook deliveries and the scheduler, and answers the base URL. */
  listen(options?: Readonly<{ port?: number; host?: string }>): Promise<string>;
  /**
   * Stops taking requests, lets those in flight finish, cancels a sync in flight (recorded as
   * cancelled; the next run resumes from its last page), stops the scheduler and the read models' follower.
   */
  close(): Promise<void>;
}>;

const version: string = (require('../package.json') as { version: string }).version;

/** The answer to an error nobody expected: its code (never its message, which may name things) to the log, the error to the hook. */
export const unexpectedErrors =
  (logger: DepledgerLogger | undefined, hook: ((error: unknown) => void) | undefined) =>
  (error: unknown): void => {
    logger?.error(
      { code: isDepledgerError(error) ? error.code : 'UNEXPECTED', name: error instanceof Error ? error.name : typeof error },
      'unexpected failure',
    );
    hook?.(error);
  };

/** What a server shares between the tenants it serves, from its options. */
export const servingShared = (options: Omit<ServeOptions, 'depledger' | 'readModels'>): ServingShared => {
  // an allow-list entry it cannot read refuses the server before anything starts
  const targets = createWebhookTargetPolicy(options.webhooks?.allowTargets);
  return {
    lang: options.lang ?? 'en',
    scheduler: options.scheduler ?? false,
    webhooks: options.webhooks,
    targets,
    sender: createWebhookSender(targets, options.webhooks?.timeoutMs ?? 10_000),
    logger: options.logger,
    unexpected: unexpectedErrors(options.logger, options.onUnexpectedError),
    onScheduledOutcome: options.onScheduledOutcome,
  };
};

/** The fastify app every server answers with: body limits, the file uploads' media types, the error handler, the request log. */
export const serverApp = (options: Pick<ServeOptions, 'bodyLimit' | 'logger'>, unexpected: (error: unknown) => void): FastifyInstance => {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    logger: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.addContentTypeParser(['application/pkcs7-mime', 'application/octet-stream'], { parseAs: 'buffer' }, (_request, payload, done) =>
    done(null, payload),
  );
  installErrorHandler(app, unexpected);
  if (options.logger) installRequestLog(app, options.logger);
  return app;
};

export const serverInfo = {
  title: 'depledger',
  version,
  description: "Apple's Device Enrollment Program for an MDM in any language: tokens, profiles, syncs and devices, kept as events.",
};

/** Builds the server over a depledger and its read models; `listen` starts it. */
export const createServer = async (options: ServeOptions): Promise<DepledgerServer> => {
  const { depledger } = options;
  const shared = servingShared(options);
  const apiKeys = options.apiKeys ?? createApiKeys(depledger.store, depledger.clock);
  const tenant = await serveTenant(depledger, options.readModels, apiKeys, options.consumerCheckpoints, shared);
  const app = serverApp(options, shared.unexpected);

  let document: Record<string, unknown> | undefined;
  const routes = [...metaRoutes(() => document as Record<string, unknown>), ...tenant.routes];
  document = openApiDocument(routes, serverInfo, apiErrorSchema);
  registerRoutes(app, routes, keyAccess(apiKeys));
  if (options.console !== false) registerConsole(app, shared.lang);

  let closing: Promise<void> | undefined;
  return {
    app,
    routes,
    apiKeys,
    webhooks: tenant.dispatcher,
    listen: async (listenOptions = {}) => {
      const address = await app.listen({ port: listenOptions.port ?? 0, host: listenOptions.host ?? '127.0.0.1' });
      await tenant.start();
      return address;
    },
    close: () =>
      (closing ??= (async () => {
        // no new request, no new scheduled run; the requests in flight finish (a sync they start included)
        const stopping = tenant.stopScheduling();
        await app.close();
        await tenant.close(stopping);
        shared.sender.close();
      })()),
  };
};
