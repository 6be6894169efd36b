import { appleTime } from '../clock';
import { newDeviceRecord, touchDevice, type DeviceInput } from '../device/device-record';
import { SimulatorError } from '../simulator-error';
import { assignDevicesToServer, leaveServer } from './device-assignment';
import type { Organisation } from './organisation';

/** A replacement device, and optionally the day of the replacement (`2025-01-15`; today by the simulator's clock when left out). */
export type ReplacementInput = DeviceInput & { replacementDate?: string };

/**
 * Apple replaces a device (a repair or an exchange under AppleCare): the new device joins the
 * organisation flagged `is_replacement_device` and takes the original's MDM server (`added` in its
 * feed); the original leaves the server with a `deleted` entry carrying `released_by_replacement`,
 * and leaves the organisation. `GET /device/replacementDetails` then names the original.
 */
export function replaceDevice(org: Organisation, originalSerial: string, input: ReplacementInput): string {
  const original = org.devices.get(originalSerial);
  if (original === undefined || original.disowned)
    throw new SimulatorError('UNKNOWN_DEVICE', `No device ${originalSerial} in the organisation`);
  const server = original.serverId === undefined ? undefined : org.servers.get(original.serverId);
  if (server === undefined)
    throw new SimulatorError('INVALID_INPUT', `Device ${originalSerial} is on no MDM server: there is nothing to replace it on`);
  if (org.devices.has(input.serial)) throw new SimulatorError('INVALID_INPUT', `Device ${input.serial} already exists`);
  const replacementDate = input.replacementDate ?? appleTime(org.clock.nowMs()).slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(replacementDate)) throw new SimulatorError('INVALID_INPUT', `replacementDate must be a day (YYYY-MM-DD)`);

  const { replacementDate: _day, ...device } = input;
  const replacement = newDeviceRecord({ ...device, protocol10: { ...device.protocol10, is_replacement_device: true } });
  replacement.replaces = { originalSerial, replacementDate };
  org.devices.set(replacement.serial, replacement);

  original.protocol10 = { ...original.protocol10, released_by_replacement: true };
  touchDevice(original);
  leaveServer(org, original, org.clock.nowMs());
  original.disowned = true;
  assignDevicesToServer(org, server, [replacement.serial], org.settings.organisation.admin_id);
  return replacement.serial;
}
