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

describe('assigned devices seed (a full sync’s release by absence)', () => {
  it('lists the devices device status shows assigned to the token, at the position it reflects', async () => {
    const given = await fleet();
    const readModels = await project(given.store, [deviceStatusProjection]);
    const head = await given.store.headPosition();

    expect(await assignedDevicesSeed(readModels)('paris')).toEqual({ position: head, serials: ['SERIALAAAA01'] });
    const lyon = await assignedDevicesSeed(readModels)('lyon');
    expect({ ...lyon, serials: [...(lyon?.serials ?? [])].sort() }).toEqual({ position: head, serials: ['SERIALCCCC03', 'SERIALDDDD04'] });
  });

  it('offers nothing to trust when device status was never built or is of another projection version', async () => {
    expect(await assignedDevicesSeed(createInMemoryReadModelStore())('paris')).toBeNull();
    const stale = createInMemoryReadModelStore();
    await stale.switchTo(await stale.createVersion(deviceStatusProjection.name, deviceStatusProjection.version + 1));
    expect(await assignedDevicesSeed(stale)('paris')).toBeNull();
  });

  it('reads fields by listing the documents when the store cannot read them itself', async () => {
    const given = await fleet();
    const readModels = await project(given.store, [deviceStatusProjection]);
    const version = await readModels.live(deviceStatusProjection.name);
    const values = await documentFieldValues(readModels, version!, ['tokenId', 'status', 'assignment.state', 'nothing.here']);
    expect([...values].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'SERIALAAAA01', values: ['paris', 'enrolled', null, null] },
      { key: 'SERIALBBBB02', values: ['paris', 'released', null, null] },
      { key: 'SERIALCCCC03', values: ['lyon', 'not_contacted', null, null] },
      { key: 'SERIALDDDD04', values: ['lyon', 'not_contacted', null, null] },
    ]);
    await expect(documentFieldValues(readModels, version!, ['no spaces'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
