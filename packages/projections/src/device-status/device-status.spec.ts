import type { EventStore } from '@depledger/core';
import {
  createInMemoryReadModelStore,
  createProjectionRunner,
  deviceStatus,
  parseDeviceStatus,
  deviceStatusAsOf,
  deviceStatusProjection,
  listDevices,
  pageDevices,
  readModelsAsOf,
} from '../index';
import { assignedByRef, givenDepledger } from '../../test-support/given-history';
import { project, replayTwice } from '../../test-support/replay';

const serial = 'C02XK1ZNJG5H';
const other = 'DMPQ7ABCDE12';

describe('device status projection', () => {
  it('lists a device Apple reports assigned to our server as "Non contacté", with what Apple told about it', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);

    const device = await deviceStatus(await project(given.store, [deviceStatusProjection]), serial);

    expect(device).toMatchObject({
      serial,
      tokenId: 'paris',
      status: 'not_contacted',
      statusLabel: 'Non contacté',
      statusSince: '2026-01-05T09:00:00.000Z',
      model: 'iPad Air',
      os: 'iPadOS',
      family: 'iPad',
      assignedByRef,
      assignedAt: '2026-01-04T08:00:00.000Z',
      profile: { uuid: null, profileId: null, version: null, appleStatus: 'empty', pushedAt: null },
      assignment: null,
      enrolledAt: null,
    });
  });

  it('shows the device "Inscrit" once the MDM records its enrollment, since then', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    given.at('2026-01-07T14:30:00.000Z');
    await given.enroll(serial);

    const device = await deviceStatus(await project(given.store, [deviceStatusProjection]), serial, 'en');

    expect(device).toMatchObject({
      status: 'enrolled',
      statusLabel: 'Enrolled',
      enrolledAt: '2026-01-07T14:30:00.000Z',
      statusSince: '2026-01-07T14:30:00.000Z',
    });
  });

  it("follows the default profile's assignment: requested, then assigned at Apple", async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    await given.requestProfile('paris', serial, 'PROFILE-UUID-1');
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: given.store, readModels, projections: [deviceStatusProjection] });
    await runner.catchUp();
    expect(await deviceStatus(readModels, serial, 'en')).toMatchObject({
      assignment: { state: 'pending', profileUuid: 'PROFILE-UUID-1' },
      assignmentLabel: 'Pending',
    });

    given.advanceHours(1);
    await given.assignmentOutcome(serial, 'PROFILE-UUID-1', 'assigned');
    await runner.catchUp();

    expect(await deviceStatus(readModels, serial)).toMatchObject({
      status: 'not_contacted',
      profile: { uuid: 'PROFILE-UUID-1', profileId: 'corporate', version: 1, appleStatus: 'assigned' },
      assignment: { state: 'assigned', since: '2026-01-05T10:00:00.000Z', retryAt: null },
      assignmentLabel: 'Attribué',
    });
  });

  it('shows "En attente de réinitialisation" when an enrolled device is assigned another profile', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    await given.requestProfile('paris', serial, 'PROFILE-UUID-1');
    await given.assignmentOutcome(serial, 'PROFILE-UUID-1', 'assigned');
    await given.enroll(serial);
    given.advanceHours(24);
    await given.requestProfile('paris', serial, 'PROFILE-UUID-2', 2);
    await given.assignmentOutcome(serial, 'PROFILE-UUID-2', 'assigned');

    const device = await deviceStatus(await project(given.store, [deviceStatusProjection]), serial);

    expect(device).toMatchObject({
      status: 'pending_reset',
      statusLabel: 'En attente de réinitialisation',
      enrolledProfileUuid: 'PROFILE-UUID-1',
      profile: { uuid: 'PROFILE-UUID-2', version: 2 },
      statusSince: '2026-01-06T09:00:00.000Z',
    });
  });

  it("keeps Apple's latest details without changing the status or since when", async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    given.advanceHours(5);
    await given.appleReports('paris', serial, { os: 'iPadOS 18', model: 'iPad Air (M2)' }, 'modified');

    const device = await deviceStatus(await project(given.store, [deviceStatusProjection]), serial);

    expect(device).toMatchObject({
      os: 'iPadOS 18',
      model: 'iPad Air (M2)',
      status: 'not_contacted',
      statusSince: '2026-01-05T09:00:00.000Z',
      updatedAt: '2026-01-05T14:00:00.000Z',
    });
  });

  it("shows a device pending reset when Apple's feed reports another profile than the one it enrolled with", async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial, { profileStatus: 'assigned', profileUuid: 'PROFILE-UUID-1' });
    await given.enroll(serial);
    given.advanceHours(1);
    await given.appleReports('paris', serial, { profileStatus: 'assigned', profileUuid: 'PROFILE-UUID-7' }, 'modified');

    const device = await deviceStatus(await project(given.store, [deviceStatusProjection]), serial, 'en');

    expect(device).toMatchObject({
      status: 'pending_reset',
      statusLabel: 'Pending reset',
      enrolledProfileUuid: 'PROFILE-UUID-1',
      profile: { uuid: 'PROFILE-UUID-7', profileId: null },
    });
  });

  it('records when Apple saw the device download its profile', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial, { profileStatus: 'assigned', profileUuid: 'PROFILE-UUID-1' });
    given.advanceHours(2);
    await given.appleReports(
      'paris',
      serial,
      { profileStatus: 'pushed', profileUuid: 'PROFILE-UUID-1', profilePushedAt: '2026-01-05T10:55:00.000Z' },
      'modified',
    );

    const device = await deviceStatus(await project(given.store, [deviceStatusProjection]), serial);

    expect(device).toMatchObject({
      status: 'not_contacted',
      profile: { uuid: 'PROFILE-UUID-1', appleStatus: 'pushed', pushedAt: '2026-01-05T10:55:00.000Z' },
    });
  });

  it('shows "Échec" when Apple refuses the assignment, with when it is retried', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    await given.appleReports('paris', other);
    await given.requestProfile('paris', serial, 'PROFILE-UUID-1');
    await given.requestProfile('paris', other, 'PROFILE-UUID-1');
    await given.assignmentOutcome(serial, 'PROFILE-UUID-1', 'failed');
    await given.assignmentOutcome(other, 'PROFILE-UUID-1', 'not_accessible');

    const readModels = await project(given.store, [deviceStatusProjection]);

    expect(await deviceStatus(readModels, serial)).toMatchObject({
      status: 'failed',
      statusLabel: 'Échec',
      assignment: { state: 'failed', retryAt: '2026-01-06T09:00:00.000Z' },
    });
    expect(await deviceStatus(readModels, other, 'en')).toMatchObject({
      status: 'failed',
      statusLabel: 'Failed',
      assignment: { state: 'not_accessible', retryAt: null },
    });
  });

  it('keeps a throttled device "Non contacté", throttled until Apple allows a retry', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    await given.requestProfile('paris', serial, 'PROFILE-UUID-1');
    await given.assignmentOutcome(serial, 'PROFILE-UUID-1', 'throttled', 600);

    const device = await deviceStatus(await project(given.store, [deviceStatusProjection]), serial);

    expect(device).toMatchObject({
      status: 'not_contacted',
      assignment: { state: 'throttled', retryAt: '2026-01-05T09:10:00.000Z' },
      assignmentLabel: 'Limité par Apple',
    });
  });

  it('shows "Retiré" once the device leaves our server, and "Non contacté" again when it comes back', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    given.advanceHours(1);
    await given.release('paris', serial);
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: given.store, readModels, projections: [deviceStatusProjection] });
    await runner.catchUp();
    expect(await deviceStatus(readModels, serial, 'en')).toMatchObject({
      status: 'released',
      statusLabel: 'Released',
      releasedReason: 'absent_from_full_fetch',
    });

    given.advanceHours(1);
    await given.appleReports('paris', serial);
    await runner.catchUp();
    expect(await deviceStatus(readModels, serial)).toMatchObject({
      status: 'not_contacted',
      releasedReason: null,
      statusSince: '2026-01-05T11:00:00.000Z',
    });
  });

  it('shows an unenrolled device "Non contacté" again', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    await given.enroll(serial);
    await given.unenroll(serial);

    expect(await deviceStatus(await project(given.store, [deviceStatusProjection]), serial)).toMatchObject({
      status: 'not_contacted',
      enrolledAt: null,
    });
  });

  it('lists devices by token and status, with labels in the language asked for', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    await given.appleReports('paris', other);
    await given.appleReports('lyon', 'F9FZZ0001111');
    await given.enroll(other);
    const readModels = await project(given.store, [deviceStatusProjection]);

    expect((await listDevices(readModels)).map((d) => [d.serial, d.statusLabel])).toEqual([
      [serial, 'Non contacté'],
      [other, 'Inscrit'],
      ['F9FZZ0001111', 'Non contacté'],
    ]);
    expect((await listDevices(readModels, { tokenId: 'paris', lang: 'en' })).map((d) => [d.serial, d.statusLabel])).toEqual([
      [serial, 'Not contacted'],
      [other, 'Enrolled'],
    ]);
    expect((await listDevices(readModels, { status: 'enrolled' })).map((d) => d.serial)).toEqual([other]);
    expect((await listDevices(readModels, { status: ['enrolled', 'not_contacted'], tokenId: 'lyon' })).map((d) => d.serial)).toEqual([
      'F9FZZ0001111',
    ]);
  });

  it('pages devices by serial after the last one seen (a keyset page), with filters, until the last page says so', async () => {
    const given = givenDepledger();
    const serials = ['C02A00000001', 'C02A00000002', 'C02B00000003', 'DMP000000004', 'F17000000005'];
    for (const s of serials) await given.appleReports(s.startsWith('F') ? 'lyon' : 'paris', s);
    await given.enroll('C02B00000003');
    const readModels = await project(given.store, [deviceStatusProjection]);

    const first = await pageDevices(readModels, { limit: 2 });
    expect(first).toEqual({
      devices: [expect.objectContaining({ serial: serials[0] }), expect.objectContaining({ serial: serials[1] })],
      next: serials[1],
    });
    const second = await pageDevices(readModels, { limit: 2, after: first.next as string });
    const third = await pageDevices(readModels, { limit: 2, after: second.next as string });
    expect([...second.devices, ...third.devices].map((d) => d.serial)).toEqual(serials.slice(2));
    expect(third.next).toBeNull();
    // a full last page says so too: nothing follows it
    expect(await pageDevices(readModels, { limit: 1, after: serials[3] })).toEqual({
      devices: [expect.objectContaining({ serial: serials[4] })],
      next: null,
    });

    expect((await pageDevices(readModels, { limit: 10, serialPrefix: 'c02a' })).devices.map((d) => d.serial)).toEqual(serials.slice(0, 2));
    expect((await pageDevices(readModels, { limit: 10, serialPrefix: 'C02', after: serials[0] })).devices.map((d) => d.serial)).toEqual(
      serials.slice(1, 3),
    );
    expect(await pageDevices(readModels, { limit: 10, status: 'enrolled', lang: 'en' })).toEqual({
      devices: [expect.objectContaining({ serial: 'C02B00000003', statusLabel: 'Enrolled' })],
      next: null,
    });
    expect((await pageDevices(readModels, { limit: 1, tokenId: 'paris', after: serials[2] })).devices.map((d) => d.serial)).toEqual([
      serials[3],
    ]);
  });

  it('leaves a device as it was on an event type this version does not know', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    const before = await deviceStatus(await project(given.store, [deviceStatusProjection]), serial);
    await given.store.appendToStream(
      `dep-device-${serial}`,
      [
        {
          type: 'DeviceLocatedInWarehouse.v1',
          data: { serial, tokenId: 'paris', shelf: 'B4' },
          metadata: {
            eventId: 'future-1',
            occurredAt: '2026-01-06T00:00:00.000Z',
            actor: 'system:future',
            correlationId: 'c',
            causationId: null,
            tokenId: 'paris',
          },
        },
      ],
      { expectedRevision: 'any' },
    );

    expect(await deviceStatus(await project(given.store, [deviceStatusProjection]), serial)).toEqual(before);
  });

  it('reads a status filter as typed: the code, or its label in French or English', () => {
    expect(parseDeviceStatus('not_contacted')).toBe('not_contacted');
    expect(parseDeviceStatus('Non contacté')).toBe('not_contacted');
    expect(parseDeviceStatus('non contacte')).toBe('not_contacted');
    expect(parseDeviceStatus('INSCRIT')).toBe('enrolled');
    expect(parseDeviceStatus('pending reset')).toBe('pending_reset');
    expect(parseDeviceStatus('Retiré')).toBe('released');
    expect(() => parseDeviceStatus('lost')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('not_contacted (Non contacté / Not contacted)') }),
    );
  });

  it('reads as empty before it was ever built', async () => {
    expect(await listDevices(createInMemoryReadModelStore())).toEqual([]);
    expect(await deviceStatus(createInMemoryReadModelStore(), serial)).toBeNull();
  });

  it('keeps personal data out: who assigned a device is a vault reference', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    await given.enroll(serial);
    const json = JSON.stringify(await listDevices(await project(given.store, [deviceStatusProjection])));
    expect(json).toContain('vault:admin-email:');
    expect(json).not.toContain('vault:device-user:');
    expect(json).not.toMatch(/@/);
  });

  it('gives the same read model when the same events are replayed twice', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    await given.appleReports('paris', other);
    await given.requestProfile('paris', serial, 'PROFILE-UUID-1');
    await given.assignmentOutcome(serial, 'PROFILE-UUID-1', 'assigned');
    await given.enroll(serial);
    await given.release('paris', other);

    const { once, again, rebuilt } = await replayTwice(given.store, deviceStatusProjection);

    expect(once).toHaveLength(2);
    expect(again).toEqual(once);
    expect(rebuilt).toEqual(once);
  });

  describe('as of', () => {
    const history = async () => {
      const given = givenDepledger();
      await given.appleReports('paris', serial);
      const contacted = await given.store.headPosition();
      given.at('2026-01-08T10:00:00.000Z');
      await given.appleReports('paris', other);
      await given.enroll(serial);
      return { given, contacted };
    };

    it("answers one device's status at a date from its own stream", async () => {
      const { given } = await history();
      expect(await deviceStatusAsOf(given.store, serial, { time: '2026-01-04T00:00:00.000Z' })).toBeNull();
      expect(await deviceStatusAsOf(given.store, serial, { time: '2026-01-06T00:00:00.000Z' })).toMatchObject({
        status: 'not_contacted',
        statusLabel: 'Non contacté',
      });
      expect(await deviceStatusAsOf(given.store, serial, { time: new Date('2026-01-08T10:00:00.000Z') }, 'en')).toMatchObject({
        status: 'enrolled',
        statusLabel: 'Enrolled',
      });
    });

    it("reads only that device's stream", async () => {
      const { given } = await history();
      const streamsRead: string[] = [];
      let globalReads = 0;
      const watched: EventStore = {
        ...given.store,
        readStream: (name, options) => {
          streamsRead.push(name);
          return given.store.readStream(name, options);
        },
        readAll: (options) => {
          globalReads++;
          return given.store.readAll(options);
        },
      };

      await deviceStatusAsOf(watched, serial, { time: '2026-01-06T00:00:00.000Z' });

      expect(streamsRead).toEqual([`dep-device-${serial}`]);
      expect(globalReads).toBe(0);
    });

    it('answers at a global position', async () => {
      const { given, contacted } = await history();
      expect(await deviceStatusAsOf(given.store, serial, { position: contacted })).toMatchObject({ status: 'not_contacted' });
      expect(await deviceStatusAsOf(given.store, serial, { position: contacted + 10 })).toMatchObject({ status: 'enrolled' });
    });

    it('answers for the whole fleet without touching the live read model', async () => {
      const { given } = await history();
      const live = await project(given.store, [deviceStatusProjection]);

      const then = await readModelsAsOf({
        eventStore: given.store,
        projections: [deviceStatusProjection],
        at: { time: '2026-01-06T00:00:00Z' },
      });

      expect((await listDevices(then)).map((d) => [d.serial, d.status])).toEqual([[serial, 'not_contacted']]);
      expect((await listDevices(live)).map((d) => [d.serial, d.status])).toEqual([
        [serial, 'enrolled'],
        [other, 'not_contacted'],
      ]);
    });
  });
});
