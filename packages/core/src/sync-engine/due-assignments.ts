import { add, isBefore } from 'date-fns';
import type { Duration } from 'date-fns';
import { deviceEventsOfTypes } from './device-log';
import type { AssignmentTarget } from './published-profile';
import type { SyncEngineContext } from './sync-engine-context';

type Waiting = AssignmentTarget & Readonly<{ retryAt: string | null; since: string }>;

export type DueAssignment = AssignmentTarget & Readonly<{ serial: string }>;

/**
 * Assignments of this token whose wait is over: FAILED or THROTTLED ones whose retry time has come,
 * and requests still waiting for Apple's answer after `stalePendingAfter` (a run that stopped
 * between recording a request and sending it). Found by scanning the device events; the scan holds
 * only the devices that wait.
 */
export const findDueAssignments = async (context: SyncEngineContext, tokenId: string, now: Date, stalePendingAfter: Duration): Promise<DueAssignment[]> => {
  const waiting = new Map<string, Waiting>();
  const events = deviceEventsOfTypes(context, [
    'ProfileAssignmentRequested',
    'ProfileAssignmentSucceeded',
    'ProfileAssignmentFailed',
    'ProfileAssignmentThrottled',
    'DeviceReleased',
    'DeviceAssignedToServer',
  ]);
  for await (const event of events) {
    const { serial } = event.data;
    if (event.data.tokenId !== tokenId) {
      waiting.delete(serial);
      continue;
    }
    switch (event.type) {
      case 'ProfileAssignmentRequested': {
        const { profileId, profileVersion, profileUuid } = event.data;
        waiting.set(serial, { profileId, profileVersion, profileUuid, retryAt: null, since: event.metadata.occurredAt });
        break;
      }
      case 'ProfileAssignmentFailed':
      case 'ProfileAssignmentThrottled': {
        const before = waiting.get(serial);
        const retryAt = event.data.retryAt;
        if (retryAt === null) waiting.delete(serial);
        else {
          const { profileId, profileVersion, profileUuid } = event.data;
          waiting.set(serial, { profileId, profileVersion, profileUuid, retryAt, since: before?.since ?? event.metadata.occurredAt });
        }
        break;
      }
      case 'ProfileAssignmentSucceeded':
      case 'DeviceReleased':
        waiting.delete(serial);
        break;
      default:
        break;
    }
  }
  const due: DueAssignment[] = [];
  for (const [serial, w] of waiting) {
    const dueAt = w.retryAt !== null ? new Date(w.retryAt) : add(new Date(w.since), stalePendingAfter);
    if (!isBefore(now, dueAt)) due.push({ serial, profileId: w.profileId, profileVersion: w.profileVersion, profileUuid: w.profileUuid });
  }
  return due;
};

/**
 * Devices of this token last asked to get `profileId` at another version than `current`: after a
 * revision is published under a new UUID, these are re-assigned. Holds the devices on that profile.
 */
export const findDevicesOnOtherVersion = async (context: SyncEngineContext, tokenId: string, current: AssignmentTarget): Promise<string[]> => {
  const onProfile = new Map<string, string>();
  for await (const event of deviceEventsOfTypes(context, ['ProfileAssignmentRequested', 'ProfileAssignmentFailed', 'DeviceReleased', 'DeviceAssignedToServer'])) {
    const { serial } = event.data;
    if (event.data.tokenId !== tokenId) onProfile.delete(serial);
    else if (event.type === 'ProfileAssignmentRequested') {
      if (event.data.profileId === current.profileId) onProfile.set(serial, event.data.profileUuid);
      else onProfile.delete(serial);
    } else if (event.type === 'DeviceReleased' || (event.type === 'ProfileAssignmentFailed' && event.data.outcome === 'not_accessible')) {
      onProfile.delete(serial);
    }
  }
  return [...onProfile].filter(([, uuid]) => uuid !== current.profileUuid).map(([serial]) => serial);
};
