import {
  createSyncScheduler,
  type ConsumerCheckpointStore,
  type Depledger,
  type DepledgerLogger,
  type ScheduledOutcome,
  type SyncSchedulerOptions,
} from '@depledger/core';
import { readModelCheckpoints, scopeReadModels, type Lang, type ProjectionRunner, type ReadModelStore } from '@depledger/projections';
import type { ApiKeys } from './auth/api-keys';
import type { AnyRoute } from './http/route';
import { deviceRoutes } from './routes/device-routes';
import { profileRoutes } from './routes/profile-routes';
import { scheduleRoutes } from './routes/schedule-routes';
import { syncRoutes } from './routes/sync-routes';
import { tokenRoutes } from './routes/token-routes';
import { webhookRoutes } from './routes/webhook-routes';
import type { ServeServices } from './serve-services';
import { createSyncLauncher } from './syncs/sync-launcher';
import { createWebhookDispatcher, type WebhookDeliveryOptions, type WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { createWebhookRegistry } from './webhooks/webhook-registry';
import type { WebhookSender } from './webhooks/webhook-sender';
import type { WebhookTargetPolicy } from './webhooks/webhook-targets';

/** What a server shares between the tenants it serves. */
export type ServingShared = Readonly<{
  lang: Lang;
  scheduler: false | SyncSchedulerOptions;
  webhooks: WebhookDeliveryOptions | undefined;
  targets: WebhookTargetPolicy;
  sender: WebhookSender;
  logger: DepledgerLogger | undefined;
  unexpected(error: unknown): void;
  onScheduledOutcome: ((outcome: ScheduledOutcome) => void) | undefined;
}>;

/** One tenant as a server serves it: its services, the routes over them, its webhook deliveries and scheduler. */
export type TenantServing = Readonly<{
  depledger: Depledger;
  services: ServeServices;
  /** The domain routes (tokens, profiles, devices, syncs, schedule, webhooks), answering with this tenant's things only. */
  routes: readonly AnyRoute[];
  dispatcher: WebhookDispatcher;
  /** Starts the webhook deliveries, and the scheduler when the server runs one. */
  start(): Promise<void>;
  /** Stops scheduling (a scheduled run in flight is cancelled); resolves once the scheduler has stopped. */
  stopScheduling(): Promise<void>;
  /** After the requests in flight: cancels the runs started by requests, stops the deliveries and the read models' follower. */
  close(stoppedScheduling: Promise<void>): Promise<void>;
}>;

/**
 * Builds a tenant's services over its depledger and its read models (scoped to the tenant whatever
 * store of read models is given): everything a route reads, writes, delivers or schedules is that tenant's.
 */
export const serveTenant = async (
  depledger: Depledger,
  given: Readonly<{ readModels: ReadModelStore; runner: ProjectionRunner }>,
  apiKeys: ApiKeys,
  consumerCheckpoints: ConsumerCheckpointStore | undefined,
  shared: ServingShared,
): Promise<TenantServing> => {
  const { runner } = given;
  // a tenant's server reads its tenant's read models, whatever store of read models it is given
  const readModels = scopeReadModels(given.readModels, depledger.tenant);
  await runner.start();
  const launcher = createSyncLauncher(depledger);
  const { logger } = shared;
  const registry = createWebhookRegistry(depledger.store, depledger.vault, depledger.clock, shared.targets);
  const dispatcher = createWebhookDispatcher(
    depledger,
    registry,
    consumerCheckpoints ?? readModelCheckpoints(readModels),
    shared.sender,
    shared.webhooks,
    { ...(logger ? { logger } : {}), onError: shared.unexpected },
  );
  const scheduler = createSyncScheduler(depledger, {
    ...(shared.scheduler || {}),
    onOutcome: (outcome) => {
      if (shared.scheduler) shared.scheduler.onOutcome?.(outcome);
      shared.onScheduledOutcome?.(outcome);
      logger?.info({ tokenId: outcome.tokenId, task: outcome.task, status: outcome.status }, 'scheduled work');
    },
  });
  /** The head of the store as it was before the last catch-up that ended. */
  let caughtUpTo = -1;
  const services: ServeServices = {
    depledger,
    events: depledger.store,
    readModels: async () => {
      // read-your-writes: everything stored before this request is folded. A catch-up that ended
      // after seeing the head as it is now needs no second pass (the runner's own catch-up asks
      // every read model's follower, which costs a read of the log per read model).
      const head = await depledger.store.headPosition();
      if (head > caughtUpTo) {
        await runner.catchUp();
        caughtUpTo = Math.max(caughtUpTo, head);
      }
      return readModels;
    },
    launcher,
    scheduler,
    apiKeys,
    webhooks: { registry, dispatcher },
    lang: shared.lang,
  };
  const routes = [
    ...tokenRoutes(services),
    ...profileRoutes(services),
    ...deviceRoutes(services),
    ...syncRoutes(services),
    ...scheduleRoutes(services),
    ...webhookRoutes(services),
  ];
  return {
    depledger,
    services,
    routes,
    dispatcher,
    start: async () => {
      await dispatcher.start();
      if (shared.scheduler) scheduler.start();
    },
    stopScheduling: () => scheduler.stop({ cancelRunning: true }),
    close: async (stoppedScheduling) => {
      // the runs started here are cancelled and recorded, the deliveries stop after the one in hand
      await launcher.cancelAll();
      await stoppedScheduling;
      await dispatcher.close();
      await runner.stop();
    },
  };
};
