import type { DeviceEvent } from '../device/device-events';
import type { RecordedEvent } from '../events/event';
import type { StoredEvent } from '../ports/event-store';
import type { SyncEngineContext } from './engine-context';

export const DEVICE_STREAM_PREFIX = 'dep-device-';

/**
 * Streams the device events `wanted` picks (by type name and global position) from the whole store
 * after `after`, in the store's global order (which keeps each device's own order). Other events are
 * skipped without being decoded.
 */
export async function* deviceEvents(
  context: Pick<SyncEngineContext, 'store' | 'serde'>,
  after: number,
  wanted: (type: string, position: number) => boolean,
): AsyncGenerator<RecordedEvent<DeviceEvent>> {
  for await (const stored of context.store.readAll({ after, streamPrefixes: [DEVICE_STREAM_PREFIX] })) {
    if (!wanted(typeName(stored), stored.position)) continue;
    yield context.serde.decode<DeviceEvent>(stored);
  }
}

/** How many events `visitDeviceEvents` asks a store for at once. */
const visitPageSize = 1000;

/**
 * `deviceEvents` for a synchronous visitor: a page of the log at a time where the store reads pages
 * (`readAllPage`; SQLite reads them ahead on a worker thread), so a pass over the whole device log
 * costs one promise per page rather than several per event.
 */
export const visitDeviceEvents = async (
  context: Pick<SyncEngineContext, 'store' | 'serde'>,
  after: number,
  wanted: (type: string, position: number) => boolean,
  visit: (event: RecordedEvent<DeviceEvent>) => void,
): Promise<void> => {
  const { store, serde } = context;
  if (!store.readAllPage) {
    for await (const event of deviceEvents(context, after, wanted)) visit(event);
    return;
  }
  let from = after;
  for (;;) {
    const page = await store.readAllPage({ after: from, maxCount: visitPageSize, streamPrefixes: [DEVICE_STREAM_PREFIX] });
    for (const stored of page) if (wanted(typeName(stored), stored.position)) visit(serde.decode<DeviceEvent>(stored));
    const last = page[page.length - 1];
    if (last === undefined || page.length < visitPageSize) return;
    from = last.position;
  }
};

/** The device events of the given types after `after` (see `deviceEvents`). */
export async function* deviceEventsOfTypes<T extends DeviceEvent['type']>(
  context: Pick<SyncEngineContext, 'store' | 'serde'>,
  types: readonly T[],
  after = 0,
): AsyncGenerator<RecordedEvent<Extract<DeviceEvent, { type: T }>>> {
  const wanted = new Set<string>(types);
  for await (const stored of context.store.readAll({ after, streamPrefixes: [DEVICE_STREAM_PREFIX] })) {
    if (!wanted.has(typeName(stored))) continue;
    yield context.serde.decode<Extract<DeviceEvent, { type: T }>>(stored);
  }
}

const typeName = (stored: StoredEvent): string => {
  const dot = stored.type.lastIndexOf('.v');
  return dot === -1 ? stored.type : stored.type.slice(0, dot);
};
