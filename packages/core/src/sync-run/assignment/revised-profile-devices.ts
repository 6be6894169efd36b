import type { TokenWork } from '../engine-context';
import { deviceEventsOfTypes } from '../device-log';
import type { AssignmentTarget } from './published-profile';

/**
 * Devices of this token last asked to get `current.profileId` at another version: after a revision
 * is published under a new UUID, these are re-assigned. The scan holds the devices on that profile.
 */
export const findDevicesOnOtherVersion = async (work: TokenWork, current: AssignmentTarget): Promise<string[]> => {
  const tokenId = work.tokenId;
  const onProfile = new Map<string, string>();
  for await (const event of deviceEventsOfTypes(work, [
    'ProfileAssignmentRequested',
    'ProfileAssignmentFailed',
    'DeviceReleased',
    'DeviceAssignedToServer',
  ])) {
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
