import type {
  AppendOptions,
  AppendToStreamsOptions,
  EventStore,
  ReadAllOptions,
  StoredEvent,
  StoredEventInput,
  StreamWrite,
  Subscription,
} from '../ports/event-store';
import type { RunFence } from '../ports/run-leases';
import { scopeRunLeases } from './tenant-run-leases';
import { createTenantGate } from './tenant-register';
import { defaultTenant, scopeViolation, tenantNameMarker, tenantNamePrefix, type TenantId } from './tenant-id';

const scopes = new WeakMap<EventStore, TenantId>();

/** The tenant an event store was scoped to (`scopeEventStore`, a tenant's depledger), or `null` for a store as opened. */
export const tenantOfStore = (store: EventStore): TenantId | null => scopes.get(store) ?? null;

/** Records that a store (a wrapper of a scoped store, such as the observed one) reads and writes only inside `tenant`. */
export const markTenantStore = <S extends EventStore>(store: S, tenant: TenantId): S => {
  scopes.set(store, tenant);
  return store;
};

/**
 * The store as one tenant sees it. Every stream name it is given is put under the tenant's prefix,
 * every read is limited to the tenant's streams and hands their names back without the prefix, so
 * the code above it (commands, queries, projections, consumers, the scheduler) is the code of a
 * single-organisation depledger and cannot name another tenant's stream. Appended events carry
 * `metadata.tenantId`, and their ids are stored under the prefix too (SQLite and PostgreSQL keep ids
 * unique across the whole store, and deterministic ids are derived from the unprefixed names).
 *
 * The default tenant's view keeps the names of a store written before tenants existed and refuses,
 * or skips, every name under a tenant prefix.
 */
export const scopeEventStore = (store: EventStore, tenant: TenantId): EventStore => {
  const already = tenantOfStore(store);
  if (already !== null) {
    if (already === tenant) return store;
    throw scopeViolation(tenant, 'event store');
  }
  return markTenantStore(tenant === defaultTenant ? defaultTenantStore(store) : namedTenantStore(store, tenant), tenant);
};

/** Does a read with these prefixes reach streams under a tenant prefix? */
const reachesTenants = (prefixes: readonly string[] | undefined): boolean =>
  !prefixes || prefixes.length === 0 || prefixes.some((p) => p.startsWith(tenantNameMarker) || tenantNameMarker.startsWith(p));

const outsideTenants = (event: StoredEvent): boolean => !event.streamName.startsWith(tenantNameMarker);

const defaultTenantStore = (store: EventStore): EventStore => {
  const guard = (streamName: string): string => {
    if (streamName.startsWith(tenantNameMarker)) throw scopeViolation(defaultTenant, 'stream');
    return streamName;
  };
  const guardFence = (options: { fence?: RunFence } | undefined) => {
    if (options?.fence) guard(options.fence.tokenId);
  };
  async function* readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    if (!reachesTenants(options.streamPrefixes)) {
      yield* store.readAll(options);
      return;
    }
    const { maxCount, ...unbounded } = options;
    let count = 0;
    if (maxCount !== undefined && maxCount <= 0) return;
    for await (const event of store.readAll(unbounded)) {
      if (!outsideTenants(event)) continue;
      yield event;
      if (maxCount !== undefined && ++count >= maxCount) return;
    }
  }
  async function* readStream(streamName: string, options?: Parameters<EventStore['readStream']>[1]): AsyncIterable<StoredEvent> {
    yield* store.readStream(guard(streamName), options);
  }
  const { readStreamInMemory, readStreamsInMemory, appendToStreams, readAllPage } = store;
  return {
    readStream,
    ...(readStreamInMemory ? { readStreamInMemory: (streamName: string) => readStreamInMemory.call(store, guard(streamName)) } : {}),
    ...(readStreamsInMemory
      ? { readStreamsInMemory: (streamNames: readonly string[]) => readStreamsInMemory.call(store, streamNames.map(guard)) }
      : {}),
    streamRevision: async (streamName) => store.streamRevision(guard(streamName)),
    appendToStream: async (streamName, events, options) => {
      guardFence(options);
      return store.appendToStream(guard(streamName), events, options);
    },
    ...(appendToStreams
      ? {
          appendToStreams: async (writes: readonly StreamWrite[], options?: AppendToStreamsOptions) => {
            guardFence(options);
            for (const write of writes) guard(write.streamName);
            return appendToStreams.call(store, writes, options);
          },
        }
      : {}),
    readAll,
    ...(readAllPage
      ? {
          readAllPage: async (options: ReadAllOptions & Readonly<{ maxCount: number }>) => {
            if (!reachesTenants(options.streamPrefixes)) return readAllPage.call(store, options);
            const page: StoredEvent[] = [];
            let after = options.after ?? 0;
            while (page.length < options.maxCount) {
              const batch = await readAllPage.call(store, { ...options, after });
              for (const event of batch) if (outsideTenants(event) && page.length < options.maxCount) page.push(event);
              const last = batch[batch.length - 1];
              if (!last || batch.length < options.maxCount) break;
              after = last.position;
            }
            return page;
          },
        }
      : {}),
    headPosition: () => store.headPosition(),
    subscribe: (options = {}) => {
      if (!reachesTenants(options.streamPrefixes)) return store.subscribe(options);
      const { maxCount, ...unbounded } = options;
      return filteredSubscription(store.subscribe(unbounded), outsideTenants, (event) => event, maxCount);
    },
    ...(store.runLeases ? { runLeases: scopeRunLeases(store.runLeases, defaultTenant) } : {}),
    close: () => store.close(),
  };
};

const namedTenantStore = (store: EventStore, tenant: TenantId): EventStore => {
  const prefix = tenantNamePrefix(tenant);
  // a forgotten tenant records nothing more; a tenant is in the register before its first event
  const gate = createTenantGate(store, tenant);
  const inside = (name: string): string => prefix + name;
  const stamp = (event: StoredEventInput): StoredEventInput => {
    const { tenantId } = event.metadata;
    if (tenantId !== undefined && tenantId !== tenant) throw scopeViolation(tenant, 'event');
    return { ...event, metadata: { ...event.metadata, tenantId: tenant, eventId: prefix + event.metadata.eventId } };
  };
  const unstamp = (event: StoredEvent): StoredEvent => {
    const { eventId } = event.metadata;
    return {
      ...event,
      streamName: event.streamName.slice(prefix.length),
      metadata: { ...event.metadata, eventId: eventId.startsWith(prefix) ? eventId.slice(prefix.length) : eventId },
    };
  };
  const withFence = <O extends { fence?: RunFence }>(options: O): O =>
    options.fence ? { ...options, fence: { ...options.fence, tokenId: inside(options.fence.tokenId) } } : options;
  const readOptions = <O extends ReadAllOptions>(options: O): O => ({
    ...options,
    streamPrefixes: options.streamPrefixes && options.streamPrefixes.length > 0 ? options.streamPrefixes.map(inside) : [prefix],
  });
  async function* readStream(streamName: string, options?: Parameters<EventStore['readStream']>[1]): AsyncIterable<StoredEvent> {
    for await (const event of store.readStream(inside(streamName), options)) yield unstamp(event);
  }
  async function* readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    for await (const event of store.readAll(readOptions(options))) yield unstamp(event);
  }
  const { readStreamInMemory, readStreamsInMemory, appendToStreams, readAllPage } = store;
  return {
    readStream,
    ...(readStreamInMemory
      ? { readStreamInMemory: (streamName: string) => readStreamInMemory.call(store, inside(streamName))?.map(unstamp) }
      : {}),
    ...(readStreamsInMemory
      ? {
          readStreamsInMemory: (streamNames: readonly string[]) =>
            readStreamsInMemory.call(store, streamNames.map(inside)).map((events) => events?.map(unstamp)),
        }
      : {}),
    streamRevision: (streamName) => store.streamRevision(inside(streamName)),
    appendToStream: async (streamName: string, events: readonly StoredEventInput[], options: AppendOptions) => {
      const stamped = events.map(stamp);
      await gate(stamped);
      return store.appendToStream(inside(streamName), stamped, withFence(options));
    },
    ...(appendToStreams
      ? {
          appendToStreams: async (writes: readonly StreamWrite[], options?: AppendToStreamsOptions) => {
            const inner = writes.map((write) => ({ ...write, streamName: inside(write.streamName), events: write.events.map(stamp) }));
            await gate(inner.flatMap((write) => write.events));
            return appendToStreams.call(store, inner, options ? withFence(options) : options);
          },
        }
      : {}),
    readAll,
    ...(readAllPage
      ? {
          readAllPage: async (options: ReadAllOptions & Readonly<{ maxCount: number }>) =>
            (await readAllPage.call(store, readOptions(options))).map(unstamp),
        }
      : {}),
    headPosition: () => store.headPosition(),
    subscribe: (options = {}) => filteredSubscription(store.subscribe(readOptions(options)), () => true, unstamp, undefined),
    ...(store.runLeases ? { runLeases: scopeRunLeases(store.runLeases, tenant) } : {}),
    close: () => store.close(),
  };
};

/** A subscription whose events are filtered and mapped, ending after `maxCount` events kept when given. */
const filteredSubscription = (
  inner: Subscription,
  keep: (event: StoredEvent) => boolean,
  map: (event: StoredEvent) => StoredEvent,
  maxCount: number | undefined,
): Subscription => ({
  close: () => inner.close(),
  async *[Symbol.asyncIterator]() {
    let count = 0;
    if (maxCount !== undefined && maxCount <= 0) return;
    for await (const event of inner) {
      if (!keep(event)) continue;
      yield map(event);
      if (maxCount !== undefined && ++count >= maxCount) {
        await inner.close();
        return;
      }
    }
  },
});
