import type { RecordedEvent } from '../events/event';
import { evolveQueuedAssignment, type QueuedAssignment } from './assignment-queue';
import type { DeviceEvent } from './device-events';

const S = 'SERIAL000001';
const profile = { profileId: 'corp', profileVersion: 1, profileUuid: 'UUID-1' };
let position = 0;

/** A device event with only the fields the queue reads (the fold never looks at the others). */
const event = (
  type: DeviceEvent['type'],
  data: Record<string, unknown>,
  occurredAt = '2026-01-05T09:00:00.000Z',
): RecordedEvent<DeviceEvent> => {
  position += 1;
  return {
    type,
    data: { serial: S, tokenId: 'paris', ...data },
    metadata: { eventId: `e${position}`, occurredAt, actor: 'system:sync', correlationId: 'c', causationId: null, tokenId: 'paris' },
    streamName: `dep-device-${S}`,
    revision: position,
    position,
  } as unknown as RecordedEvent<DeviceEvent>;
};

const fold = (events: readonly RecordedEvent<DeviceEvent>[]): QueuedAssignment | null =>
  events.reduce<QueuedAssignment | null>(evolveQueuedAssignment, null);

const requested = (at?: string) => event('ProfileAssignmentRequested', { ...profile, reason: 'default_profile' }, at);

describe('the assignment queue fold (shared by the projection and the sync run)', () => {
  it('queues a request as pending, then failed or throttled with the retry time Apple implies', () => {
    expect(fold([requested()])).toEqual({
      serial: S,
      tokenId: 'paris',
      state: 'pending',
      ...profile,
      since: '2026-01-05T09:00:00.000Z',
      retryAt: null,
      attempts: 1,
    });
    const failed = fold([
      requested(),
      event('ProfileAssignmentFailed', { ...profile, outcome: 'failed', retryAt: '2026-01-06T09:30:00.000Z' }, '2026-01-05T09:30:00.000Z'),
    ]);
    expect(failed).toMatchObject({ state: 'failed', since: '2026-01-05T09:30:00.000Z', retryAt: '2026-01-06T09:30:00.000Z' });
    const throttled = fold([
      requested(),
      event('ProfileAssignmentThrottled', { ...profile, retryAt: '2026-01-05T09:10:00.000Z', retryAfterSeconds: 600 }),
    ]);
    expect(throttled).toMatchObject({ state: 'throttled', retryAt: '2026-01-05T09:10:00.000Z' });
  });

  it('counts the attempts at the same profile version, and starts over for another', () => {
    const again = [
      requested(),
      event('ProfileAssignmentFailed', { ...profile, outcome: 'failed', retryAt: '2026-01-06T09:00:00.000Z' }),
      requested('2026-01-06T10:00:00.000Z'),
    ];
    expect(fold(again)).toMatchObject({ state: 'pending', attempts: 2, since: '2026-01-06T10:00:00.000Z' });
    expect(
      fold([
        ...again,
        event('ProfileAssignmentRequested', { ...profile, profileVersion: 2, profileUuid: 'UUID-2', reason: 'profile_revised' }),
      ]),
    ).toMatchObject({ profileUuid: 'UUID-2', attempts: 1 });
  });

  it('lets the device out when assigned, not accessible, released or moved to another token', () => {
    expect(fold([requested(), event('ProfileAssignmentSucceeded', profile)])).toBeNull();
    expect(fold([requested(), event('ProfileAssignmentFailed', { ...profile, outcome: 'not_accessible', retryAt: null })])).toBeNull();
    expect(fold([requested(), event('DeviceReleased', { reason: 'deleted_by_apple' })])).toBeNull();
    expect(fold([requested(), event('DeviceAssignedToServer', { tokenId: 'lyon' })])).toBeNull();
    // Reported again as assigned to the same token's server: it still waits.
    expect(fold([requested(), event('DeviceAssignedToServer', {})])).toMatchObject({ state: 'pending' });
  });

  it('an answer with no request in the queue queues nothing', () => {
    expect(
      fold([event('ProfileAssignmentThrottled', { ...profile, retryAt: '2026-01-05T09:10:00.000Z', retryAfterSeconds: 600 })]),
    ).toBeNull();
    expect(fold([event('ProfileAssignmentFailed', { ...profile, outcome: 'failed', retryAt: '2026-01-06T09:00:00.000Z' })])).toBeNull();
  });
});
