import { depledgerSerde, deviceStream, type DeviceEvent, type EventSerde, type EventStore, type RecordedEvent } from '@depledger/core';
import type { AsOf } from '../as-of/as-of';
import type { DeviceStatusDoc } from '../device-status/device-status-doc';
import { deviceStatusProjection } from '../device-status/device-status-projection';
import { statusLabel, type DeviceStatusCode } from '../labels/device-status-labels';
import type { Labelled, Lang } from '../labels/labels';
import { describeDeviceEvent } from './describe-device-event';

/** One line of a device's history: what happened, who did it, when, and the status it left. */
export type TimelineEntry = Readonly<{
  position: number;
  revision: number;
  type: string;
  occurredAt: string;
  /** `system:sync`, `mdm:checkin`, `admin:<id>`... */
  actor: string;
  correlationId: string;
  description: string;
  /** The device's status after this event (null before Apple first reported it). */
  status: Labelled<DeviceStatusCode> | null;
}>;

export type DeviceTimelineOptions = Readonly<{
  /** @defaultValue 'fr' */
  lang?: Lang;
  /** Stop at a moment in history. */
  until?: AsOf;
  /** @defaultValue depledgerSerde */
  serde?: EventSerde;
}>;

const pastLimit = (until: AsOf | undefined) => {
  if (!until) return () => false;
  if ('position' in until) return (position: number) => position > until.position;
  const time = new Date(until.time).getTime();
  return (_position: number, occurredAt: string) => Date.parse(occurredAt) > time;
};

/**
 * Everything that happened to a device, oldest first — the audit answer to "what happened to this
 * device, who did it, and when". Reads the device's own stream; no read model needed.
 */
export const deviceTimeline = async (
  eventStore: EventStore,
  serial: string,
  options: DeviceTimelineOptions = {},
): Promise<TimelineEntry[]> => {
  const lang = options.lang ?? 'fr';
  const serde = options.serde ?? depledgerSerde;
  const isPast = pastLimit(options.until);
  const entries: TimelineEntry[] = [];
  let doc: DeviceStatusDoc | null = null;
  for await (const stored of eventStore.readStream(deviceStream(serial))) {
    if (isPast(stored.position, stored.metadata.occurredAt)) break;
    const event = serde.decode<DeviceEvent>(stored) as RecordedEvent<DeviceEvent>;
    doc = deviceStatusProjection.handles(event.type) ? deviceStatusProjection.evolve(doc, event, serial) : doc;
    entries.push({
      position: event.position,
      revision: event.revision,
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      description: describeDeviceEvent(event, lang),
      status: doc ? { code: doc.status, label: statusLabel(doc.status, lang) } : null,
    });
  }
  return entries;
};
