import type { EventStore, Subscription } from '@depledger/core';
import { appendEvents } from './append/append-events';
import { connect, type ConnectOptions } from './connection/connection';
import { headPosition, readAllEvents } from './read/read-all';
import { createStreamTails } from './append/stream-tails';
import { readStreamEvents, readStreamRevision } from './read/read-stream';
import { defaultResubscribeSettings } from './subscribe/backoff';
import { subscribeToAll, type SubscriptionSettings } from './subscribe/subscribe-to-all';
import { createEventStoreDbRunLeases } from './leases/eventstoredb-run-leases';

export type EventStoreDbEventStoreOptions = ConnectOptions &
  Readonly<{
    /**
     * How many of a stream's last events an append checks for event ids it already holds (the
     * port's idempotency); a batch larger than this checks as many as it holds. The store remembers
     * the tails of the streams it appended to, so the window is read once per stream, not per append.
     * @defaultValue 1000
     */
    idempotencyWindow?: number;
    /** Backoff of resubscriptions after a subscription ends with an error. @defaultValue `{ firstDelayMs: 100, maxDelayMs: 5000 }` */
    resubscribe?: Partial<SubscriptionSettings>;
  }>;

/**
 * depledger's EventStore on EventStoreDB (`@eventstore/db-client` 6.2.1). `close()` ends open
 * subscriptions and, when the store created the client from a connection string, disposes it, so
 * nothing keeps the process alive. A client passed in stays yours to dispose.
 */
export const createEventStoreDbEventStore = (options: EventStoreDbEventStoreOptions): EventStore => {
  const connection = connect(options);
  const tails = createStreamTails(connection, options.idempotencyWindow ?? 1000);
  const subscriptionSettings: SubscriptionSettings = { ...defaultResubscribeSettings, ...options.resubscribe };
  const subscriptions = new Set<Subscription>();
  let closed = false;
  const runLeases = createEventStoreDbRunLeases(connection.client, connection.label);

  return {
    readStream: (streamName, readOptions) => readStreamEvents(connection, streamName, readOptions),
    streamRevision: (streamName) => readStreamRevision(connection, streamName),
    appendToStream: async (streamName, events, appendOptions) => {
      // no transaction spans the lease stream and this one: the fence is checked just before the append
      if (appendOptions.fence !== undefined) await runLeases.checkFence(appendOptions.fence);
      return appendEvents(connection, { tails }, streamName, events, appendOptions.expectedRevision);
    },
    readAll: (readOptions) => readAllEvents(connection, readOptions),
    headPosition: () => headPosition(connection),
    runLeases,
    subscribe: (subscribeOptions) => {
      const subscription = subscribeToAll(connection, subscriptionSettings, subscribeOptions);
      subscriptions.add(subscription);
      return {
        [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
        close: async () => {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.close()));
      subscriptions.clear();
      if (connection.owned) await connection.client.dispose();
    },
  };
};
