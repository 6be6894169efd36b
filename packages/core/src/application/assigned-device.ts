import type { DeviceState } from '../device/device-state';
import { RuleViolation } from '../errors/rule-violation';
import type { ApplicationContext } from './application-context';
import { deviceState } from './streams';

/**
 * The state of a device an administrator acts on at Apple, which must be known and assigned to one
 * of your MDM servers: `DEVICE_UNKNOWN` or `DEVICE_NOT_ASSIGNED` otherwise, before Apple is called.
 */
export const assignedDevice = async (
  context: ApplicationContext,
  serial: string,
): Promise<Extract<DeviceState, { status: 'assigned' }>> => {
  const state = await deviceState(context, serial);
  if (state.status === 'unknown')
    throw new RuleViolation(
      'DEVICE_UNKNOWN',
      `Device ${serial} is not known to depledger: sync its token first. Nothing was sent to Apple.`,
      {
        serial,
      },
    );
  if (state.status !== 'assigned')
    throw new RuleViolation(
      'DEVICE_NOT_ASSIGNED',
      `Device ${serial} is no longer assigned to an MDM server of yours (${state.releasedReason}). Nothing was sent to Apple.`,
      { serial },
    );
  return state;
};
