import { deviceStream, type EventStore } from '@depledger/core';
import { projectStreamAsOf, type AsOf } from '../as-of/as-of';
import { assignmentLabel, statusLabel, type DeviceStatusCode } from '../labels/device-status-labels';
import type { Lang } from '../labels/labels';
import { documentAsRead } from '../projection/projection';
import { readModelOf } from '../read-model-store/read-model-reader';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import type { DeviceStatusDoc } from './device-status-doc';
import { deviceStatusProjection } from './device-status-projection';

/** A device as a list shows it: the document plus its labels in the chosen language. */
export type DeviceView = DeviceStatusDoc &
  Readonly<{
    statusLabel: string;
    /** The assignment state's label, or null when no assignment was requested. */
    assignmentLabel: string | null;
  }>;

/**
 * `Object.assign` rather than an object spread: V8 gave each spread copy of the document's many
 * fields a life in the old generation (measured: every view of a 100k-device listing promoted, so
 * `depledger devices --json` peaked at ~200 MB of RSS where the copy by `Object.assign` stays near
 * 125 MB). The view is the same object, fields in the same order.
 */
export const viewDevice = (doc: DeviceStatusDoc, lang: Lang): DeviceView =>
  Object.assign({}, doc, {
    statusLabel: statusLabel(doc.status, lang),
    assignmentLabel: doc.assignment ? assignmentLabel(doc.assignment.state, lang) : null,
  });

export type ListDevicesOptions = Readonly<{
  tokenId?: string;
  status?: DeviceStatusCode | readonly DeviceStatusCode[];
  /** Only replacement devices (Apple's `is_replacement_device`, or a recorded replacement). */
  replacements?: boolean;
  /** @defaultValue 'fr' */
  lang?: Lang;
}>;

/** A replacement device: Apple flags it so, or its replacement details are recorded (documents of an older version lack both). */
const isReplacement = (doc: DeviceStatusDoc): boolean => doc.isReplacementDevice === true || (doc.replaces ?? null) !== null;

/**
 * The "All corporate devices" list as it is read, by serial, optionally for one token and some
 * statuses: one device at a time from the store's pages, so a list of any size is never held whole
 * (`depledger devices --json` writes it out as it comes).
 */
export async function* streamDevices(readModels: ReadModelStore, options: ListDevicesOptions = {}): AsyncGenerator<DeviceView> {
  const statuses =
    options.status === undefined ? null : new Set<string>(typeof options.status === 'string' ? [options.status] : options.status);
  const version = await readModels.live(deviceStatusProjection.name);
  if (version === null) return;
  const lang = options.lang ?? 'fr';
  for await (const { key, doc } of readModels.list(version)) {
    const d = documentAsRead(deviceStatusProjection, doc, key) as DeviceStatusDoc;
    if (
      (options.tokenId === undefined || d.tokenId === options.tokenId) &&
      (statuses === null || statuses.has(d.status)) &&
      (options.replacements !== true || isReplacement(d))
    )
      yield viewDevice(d, lang);
  }
}

/** The "All corporate devices" list, by serial, optionally for one token and some statuses. */
export const listDevices = async (readModels: ReadModelStore, options: ListDevicesOptions = {}): Promise<DeviceView[]> => {
  const devices: DeviceView[] = [];
  for await (const device of streamDevices(readModels, options)) devices.push(device);
  return devices;
};

export type DevicePageOptions = ListDevicesOptions &
  Readonly<{
    /** Only this model, exactly as Apple names it. */
    model?: string;
    /** Only devices given this profile. */
    profileId?: string;
    /** Only serials beginning with this (any case). */
    serialPrefix?: string;
    /** The `next` of the previous page: the page starts after this serial. */
    after?: string;
    /** At most this many devices. */
    limit: number;
  }>;

/** A page of devices and where the next one starts (`null` on the last page). */
export type DevicePage = Readonly<{ devices: DeviceView[]; next: string | null }>;

/**
 * One page of the "All corporate devices" list, by serial, filtered: a keyset page — the store's
 * listing starts after `after` through its key index, so page 1000 of a 100k-device fleet reads
 * what page 1 reads, not the 99,900 devices before it. Filters are applied as the page is read; it
 * stops as soon as the page is full and one more match is seen.
 */
export const pageDevices = async (readModels: ReadModelStore, options: DevicePageOptions): Promise<DevicePage> => {
  const statuses =
    options.status === undefined ? null : new Set<string>(typeof options.status === 'string' ? [options.status] : options.status);
  const version = await readModels.live(deviceStatusProjection.name);
  if (version === null) return { devices: [], next: null };
  const lang = options.lang ?? 'fr';
  const prefix = options.serialPrefix?.toUpperCase();
  const devices: DeviceView[] = [];
  const listing = readModels.list(version, {
    // the page and the one device that says another page follows
    batchSize: options.limit + 1,
    ...(prefix === undefined ? {} : { prefix }),
    ...(options.after === undefined ? {} : { after: options.after }),
  });
  for await (const { key, doc } of listing) {
    const d = documentAsRead(deviceStatusProjection, doc, key) as DeviceStatusDoc;
    if (
      (options.tokenId !== undefined && d.tokenId !== options.tokenId) ||
      (statuses !== null && !statuses.has(d.status)) ||
      (options.model !== undefined && d.model !== options.model) ||
      (options.profileId !== undefined && d.profile.profileId !== options.profileId) ||
      (options.replacements === true && !isReplacement(d))
    )
      continue;
    if (devices.length === options.limit) return { devices, next: devices[devices.length - 1]?.serial ?? null };
    devices.push(viewDevice(d, lang));
  }
  return { devices, next: null };
};

/** One device from the live read model, or null when depledger has never seen it. */
export const deviceStatus = async (readModels: ReadModelStore, serial: string, lang: Lang = 'fr'): Promise<DeviceView | null> => {
  const doc = await (await readModelOf(readModels, deviceStatusProjection)).get(serial);
  return doc ? viewDevice(doc, lang) : null;
};

/** One device as it was at a moment, from its own stream only (the live read model is not read). */
export const deviceStatusAsOf = async (eventStore: EventStore, serial: string, at: AsOf, lang: Lang = 'fr'): Promise<DeviceView | null> => {
  const docs = await projectStreamAsOf(eventStore, deviceStatusProjection, deviceStream(serial), at);
  const doc = docs.get(serial);
  return doc ? viewDevice(doc, lang) : null;
};
