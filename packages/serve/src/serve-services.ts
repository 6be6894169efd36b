import type { Depledger, EventStore, SyncScheduler } from '@depledger/core';
import type { Lang, ReadModelStore } from '@depledger/projections';
import type { ApiKeys } from './auth/api-keys';
import type { SyncLauncher } from './syncs/sync-launcher';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import type { WebhookRegistry } from './webhooks/webhook-registry';

/** What the routes work with. */
export type ServeServices = Readonly<{
  depledger: Depledger;
  events: EventStore;
  /** The built-in read models, caught up with every event stored before the call (read-your-writes). */
  readModels(): Promise<ReadModelStore>;
  launcher: SyncLauncher;
  scheduler: SyncScheduler;
  apiKeys: ApiKeys;
  webhooks: Readonly<{ registry: WebhookRegistry; dispatcher: WebhookDispatcher }>;
  lang: Lang;
}>;

/** Events as a write route answers them: their types and ids, never their data. */
export const recorded = (events: readonly { type: string; metadata: { eventId: string } }[]) => ({
  recorded: events.map((e) => ({ type: e.type, eventId: e.metadata.eventId })),
});
