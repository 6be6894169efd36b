import { createInMemoryEventStore } from '@depledger/core';
import {
  createInMemoryReadModelStore,
  listDevices,
  measureDeviceAsOf,
  measureDeviceStatusRebuild,
  seedDeviceHistory,
  seedSerial,
} from '../index';

describe('figures', () => {
  it('seeds device histories and rebuilds device status from them, beside the bare fold', async () => {
    const eventStore = createInMemoryEventStore();
    const seeded = await seedDeviceHistory(eventStore, 90);
    const readModels = createInMemoryReadModelStore();

    const figures = await measureDeviceStatusRebuild(eventStore, readModels);

    expect(seeded).toEqual({ events: 90, devices: 20 });
    expect(figures.events).toBe(90);
    expect(figures.rebuildEventsPerSecond).toBeGreaterThan(0);
    expect(figures.bareFoldEventsPerSecond).toBeGreaterThan(0);
    const devices = await listDevices(readModels);
    expect(devices).toHaveLength(20);
    expect(devices.filter((d) => d.status === 'enrolled')).toHaveLength(10);
  });

  it('times one device as of a date', async () => {
    const eventStore = createInMemoryEventStore();
    await seedDeviceHistory(eventStore, 45);

    const figures = await measureDeviceAsOf(eventStore, [seedSerial(0), seedSerial(3)], new Date('2026-02-01T00:00:00Z'));

    expect(figures.samples).toBe(2);
    expect(figures.maxMs).toBeGreaterThanOrEqual(figures.medianMs);
  });
});
