import { createInMemoryEventStore } from '@depledger/core';
import { createInMemoryReadModelStore, createProjectionRunner, readModelOf } from '@depledger/projections';
import { devicesNotContactedFor, main, recordHistory, waitingDevicesProjection } from './custom-read-model';

describe('examples/custom-read-model.ts', () => {
  it('lists, per token, the devices not contacted for more than N days, today and as of an earlier date', async () => {
    const printed: string[] = [];

    const lines = await main((line) => printed.push(line));

    expect(printed).toEqual(lines);
    expect(lines).toEqual([
      'Not contacted for more than 7 days (2026-01-12):',
      '  paris  F17QX1ABCD02  waiting since 2026-01-01',
      '  paris  F17QX1ABCD03  waiting since 2026-01-01',
      'Waiting on 2026-01-02:',
      '  paris  F17QX1ABCD01  waiting since 2026-01-01',
      '  paris  F17QX1ABCD02  waiting since 2026-01-01',
      '  paris  F17QX1ABCD03  waiting since 2026-01-01',
    ]);
  });

  it('counts a recently assigned device once it has waited long enough', async () => {
    const eventStore = createInMemoryEventStore();
    await recordHistory(eventStore);
    const readModels = createInMemoryReadModelStore();
    await createProjectionRunner({ eventStore, readModels, projections: [waitingDevicesProjection] }).catchUp();

    const later = await devicesNotContactedFor(readModels, { days: 7, now: new Date('2026-01-20T09:00:00Z') });

    expect(Object.keys(later)).toEqual(['lyon', 'paris']);
    expect(later.lyon?.map((d) => d.serial)).toEqual(['G6TZ9XYZ0001']);
  });

  it('gives the same read model when rebuilt', async () => {
    const eventStore = createInMemoryEventStore();
    await recordHistory(eventStore);
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore, readModels, projections: [waitingDevicesProjection] });
    await runner.catchUp();
    const once = await (await readModelOf(readModels, waitingDevicesProjection)).all();

    await runner.rebuild('waiting-devices');

    expect(await (await readModelOf(readModels, waitingDevicesProjection)).all()).toEqual(once);
    expect(once).toHaveLength(3);
  });
});
