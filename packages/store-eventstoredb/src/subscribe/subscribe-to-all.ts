import type { StoredEvent, SubscribeOptions, Subscription } from '@depledger/core';
import { excludeSystemEvents, streamNameFilter } from '@eventstore/db-client';
import type { Connection } from '../connection/connection';
import { translateError } from '../connection/translate-error';
import { readPositionAfter } from '../mapping/position';
import { storedEvent } from '../mapping/stored-event';
import { releasable, type Release } from '../read/events-of';
import { cancellableWait, delayFor, type ResubscribeSettings } from './backoff';
import { isTransient } from './transient-error';

export type SubscriptionSettings = ResubscribeSettings &
  Readonly<{
    /** Told about every resubscription (for logs): the error that ended the previous one, the attempt, the position resumed from. */
    onResubscribe?: (event: Readonly<{ error: Error; attempt: number; after: number }>) => void;
  }>;

/**
 * A subscription to `$all` (server-side stream-name prefix filter, system events excluded): catch-up
 * after `after`, then live, one event at a time in order — the next is not taken from the client
 * until the consumer asks. When the server ends it with a transient error it is resumed from the
 * last event delivered, after a backoff; events are never repeated or skipped. `close()` ends it.
 */
export const subscribeToAll = (connection: Connection, settings: SubscriptionSettings, options: SubscribeOptions = {}): Subscription => {
  const prefixes = options.streamPrefixes && options.streamPrefixes.length > 0 ? [...options.streamPrefixes] : undefined;
  const filter = prefixes ? streamNameFilter({ prefixes }) : excludeSystemEvents();
  let closed = false;
  let current: Release | null = null;
  let waiting: { cancel: () => void } | null = null;

  async function* feed(): AsyncGenerator<StoredEvent> {
    let after = options.after ?? 0;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let attempt = 0;
    while (!closed && remaining > 0) {
      const subscription = connection.client.subscribeToAll({ fromPosition: readPositionAfter(after), filter });
      const release = releasable(subscription);
      current = release;
      let failure: Error;
      try {
        for await (const resolved of subscription) {
          if (closed) return;
          const event = storedEvent(resolved);
          if (!event || event.position <= after) continue;
          attempt = 0;
          after = event.position;
          remaining--;
          yield event;
          if (closed || remaining <= 0) return;
        }
        failure = new Error('the server ended the subscription');
      } catch (error) {
        if (closed) return;
        if (!isTransient(error)) throw translateError(error, { connection: connection.label, operation: 'subscribing to $all' });
        failure = error as Error;
      } finally {
        current = null;
        await release();
      }
      if (closed) return;
      settings.onResubscribe?.({ error: failure, attempt: attempt + 1, after });
      const wait = cancellableWait(delayFor(settings, attempt++));
      waiting = wait;
      await wait.done;
      waiting = null;
    }
  }

  const iterator = feed();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      if (closed) return;
      closed = true;
      waiting?.cancel();
      await current?.();
    },
  };
};
