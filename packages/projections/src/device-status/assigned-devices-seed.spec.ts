import type { AssignedDevicesSeed } from '@depledger/core';
import { assignedDevicesSeed, createInMemoryReadModelStore, deviceStatusProjection, documentFieldValues } from '../index';
import { givenDepledger } from '../../test-support/given-history';
import { project } from '../../test-support/replay';

/** Paris has A (enrolled) and B (released); Lyon has C; D went from Paris to Lyon. */
const fleet = async () => {
  const given = givenDepledger();
  for (const serial of ['SERIALAAAA01', 'SERIALBBBB02', 'SERIALDDDD04']) await given.appleReports('paris', serial);
  await given.appleReports('lyon', 'SERIALCCCC03');
  await given.enroll('SERIALAAAA01');
  await given.release('paris', 'SERIALBBBB02');
  await given.appleReports('lyon', 'SERIALDDDD04');
  return given;
};

/** What the seed hands the run: its position, with the serials it visited (sorted), or null. */
const listed = async (seed: AssignedDevicesSeed, tokenId: string) => {
  const serials: string[] = [];
  const position = await seed(tokenId, (serial) => serials.push(serial));
  return position === null ? null : { position, serials: serials.sort() };
};

describe('assigned devices seed (a full sync’s release by absence)', () => {
  it('lists the devices device status shows assigned to the token, at the position it reflects', async () => {
    const given = await fleet();
    const readModels = await project(given.store, [deviceStatusProjection]);
    const head = await given.store.headPosition();

    expect(await listed(assignedDevicesSeed(readModels), 'paris')).toEqual({ position: head, serials: ['SERIALAAAA01'] });
    expect(await listed(assignedDevicesSeed(readModels), 'lyon')).toEqual({ position: head, serials: ['SERIALCCCC03', 'SERIALDDDD04'] });
  });

  it('offers nothing to trust when device status was never built or is of another projection version', async () => {
    expect(await listed(assignedDevicesSeed(createInMemoryReadModelStore()), 'paris')).toBeNull();
    const stale = createInMemoryReadModelStore();
    await stale.switchTo(await stale.createVersion(deviceStatusProjection.name, deviceStatusProjection.version + 1));
    expect(await listed(assignedDevicesSeed(stale), 'paris')).toBeNull();
  });

  it('reads fields by listing the documents when the store cannot read them itself', async () => {
    const given = await fleet();
    const readModels = await project(given.store, [deviceStatusProjection]);
    const version = await readModels.live(deviceStatusProjection.name);
    const values: { key: string; values: readonly (string | null)[] }[] = [];
    await documentFieldValues(readModels, version!, ['tokenId', 'status', 'assignment.state', 'nothing.here'], (key, fields) =>
      values.push({ key, values: fields }),
    );
    expect(values.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'SERIALAAAA01', values: ['paris', 'enrolled', null, null] },
      { key: 'SERIALBBBB02', values: ['paris', 'released', null, null] },
      { key: 'SERIALCCCC03', values: ['lyon', 'not_contacted', null, null] },
      { key: 'SERIALDDDD04', values: ['lyon', 'not_contacted', null, null] },
    ]);
    await expect(documentFieldValues(readModels, version!, ['no spaces'], () => undefined)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
