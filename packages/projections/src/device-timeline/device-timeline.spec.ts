import { deviceTimeline } from '../index';
import { admin, givenDepledger } from '../../test-support/given-history';

const serial = 'C02XK1ZNJG5H';

/** The Intune document for one device: synced, default profile assigned, powered on and enrolled, later unenrolled. */
const lifeOfADevice = async () => {
  const given = givenDepledger();
  await given.appleReports('paris', serial);
  await given.requestProfile('paris', serial, 'PROFILE-UUID-1');
  given.advanceHours(0.5);
  await given.assignmentOutcome(serial, 'PROFILE-UUID-1', 'throttled', 600);
  given.advanceHours(1);
  await given.requestProfile('paris', serial, 'PROFILE-UUID-1');
  await given.assignmentOutcome(serial, 'PROFILE-UUID-1', 'assigned');
  given.at('2026-01-07T14:30:00.000Z');
  await given.enroll(serial);
  given.at('2026-02-01T08:00:00.000Z');
  await given.unenroll(serial);
  return given;
};

describe('device timeline', () => {
  it('tells what happened to a device, who did it and when, with the status after each step', async () => {
    const given = await lifeOfADevice();

    const timeline = await deviceTimeline(given.store, serial, { lang: 'en' });

    expect(timeline.map((e) => [e.occurredAt, e.actor, e.type, e.status?.label])).toEqual([
      ['2026-01-05T09:00:00.000Z', 'system:sync', 'DeviceAssignedToServer', 'Not contacted'],
      ['2026-01-05T09:00:00.000Z', 'system:sync', 'ProfileAssignmentRequested', 'Not contacted'],
      ['2026-01-05T09:30:00.000Z', 'system:sync', 'ProfileAssignmentThrottled', 'Not contacted'],
      ['2026-01-05T10:30:00.000Z', 'system:sync', 'ProfileAssignmentRequested', 'Not contacted'],
      ['2026-01-05T10:30:00.000Z', 'system:sync', 'ProfileAssignmentSucceeded', 'Not contacted'],
      ['2026-01-07T14:30:00.000Z', 'mdm:checkin', 'DeviceEnrolled', 'Enrolled'],
      ['2026-02-01T08:00:00.000Z', admin, 'DeviceUnenrolled', 'Not contacted'],
    ]);
    expect(timeline.map((e) => e.description)).toEqual([
      "Apple reports the device assigned to token paris's MDM server (iPad Air, iPadOS)",
      'Profile corporate v1 (PROFILE-UUID-1) requested from Apple: default profile',
      'Apple throttled the assignment of profile PROFILE-UUID-1; retry at 2026-01-05T09:40:00.000Z',
      'Profile corporate v1 (PROFILE-UUID-1) requested from Apple: default profile',
      'Apple assigned profile PROFILE-UUID-1',
      'Enrolled with the MDM with profile PROFILE-UUID-1',
      'Unenrolled by an administrator: lost',
    ]);
    expect(timeline.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("speaks French by default, in the Intune document's words", async () => {
    const given = await lifeOfADevice();

    const timeline = await deviceTimeline(given.store, serial);

    expect(timeline[0]?.description).toBe("Apple signale l'appareil attribué au serveur MDM du jeton paris (iPad Air, iPadOS)");
    expect(timeline[5]).toMatchObject({
      description: 'Inscrit auprès du MDM avec le profil PROFILE-UUID-1',
      status: { code: 'enrolled', label: 'Inscrit' },
    });
  });

  it('describes assignments that succeed or fail, releases and profile downloads', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', serial);
    await given.requestProfile('paris', serial, 'PROFILE-UUID-1');
    await given.assignmentOutcome(serial, 'PROFILE-UUID-1', 'failed');
    await given.requestProfile('paris', serial, 'PROFILE-UUID-2', 2);
    await given.assignmentOutcome(serial, 'PROFILE-UUID-2', 'assigned');
    await given.appleReports(
      'paris',
      serial,
      { profileStatus: 'pushed', profileUuid: 'PROFILE-UUID-2', profilePushedAt: '2026-01-05T09:00:00.000Z' },
      'modified',
    );
    await given.release('paris', serial);

    const timeline = await deviceTimeline(given.store, serial, { lang: 'en' });

    expect(timeline.map((e) => e.description)).toEqual([
      "Apple reports the device assigned to token paris's MDM server (iPad Air, iPadOS)",
      'Profile corporate v1 (PROFILE-UUID-1) requested from Apple: default profile',
      'Apple failed to assign profile PROFILE-UUID-1; retry at 2026-01-06T09:00:00.000Z',
      'Profile corporate v2 (PROFILE-UUID-2) requested from Apple: default profile',
      'Apple assigned profile PROFILE-UUID-2',
      'Apple reports changes: profileStatus, profilePushedAt',
      'The device downloaded its profile PROFILE-UUID-2 in Setup Assistant',
      'Released: absent from a full sync',
    ]);
    expect(timeline.map((e) => e.status?.code)).toEqual([
      'not_contacted',
      'not_contacted',
      'failed',
      'not_contacted',
      'not_contacted',
      'not_contacted',
      'not_contacted',
      'released',
    ]);
  });

  it('is empty for a device depledger never saw', async () => {
    expect(await deviceTimeline(givenDepledger().store, 'UNKNOWN00001')).toEqual([]);
  });

  it('gives the same timeline when read twice', async () => {
    const given = await lifeOfADevice();
    expect(await deviceTimeline(given.store, serial)).toEqual(await deviceTimeline(given.store, serial));
  });

  it('stops at a moment in history', async () => {
    const given = await lifeOfADevice();

    const byTime = await deviceTimeline(given.store, serial, { until: { time: '2026-01-05T10:00:00Z' } });
    const byPosition = await deviceTimeline(given.store, serial, { until: { position: byTime[byTime.length - 1]?.position ?? 0 } });

    expect(byTime.map((e) => e.type)).toEqual(['DeviceAssignedToServer', 'ProfileAssignmentRequested', 'ProfileAssignmentThrottled']);
    expect(byPosition).toEqual(byTime);
  });
});
