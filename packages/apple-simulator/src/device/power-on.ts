import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { touchDevice } from './device-record';
import type { Organisation } from '../state/organisation';
import { SimulatorError } from '../simulator-error';

/** What happened when a device was switched on. */
export interface PowerOnResult {
  serial: string;
  /** True when the device had a profile and fetched it (`profile_status: pushed`). */
  pushed: boolean;
  profileUuid?: string;
  /** The profile's `url` the device called. */
  enrollUrl?: string;
  /** HTTP status the enrollment URL answered. */
  status?: number;
  /** Why the enrollment call failed (connection refused, timeout…). */
  error?: string;
}

function postJson(url: string, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : request;
    const call = send(
      target,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'depledger-simulator-device/1.0',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    call.setTimeout(timeoutMs, () => call.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    call.on('error', reject);
    call.end(body);
  });
}

/**
 * A device's first start: with a profile, it becomes `pushed` (with `profile_push_time`; a
 * `modified` sync entry when profile changes are logged) and POSTs
 * `{"serial_number","profile_uuid","event":"enroll"}` to the profile's enrollment URL.
 */
export async function powerOnDevice(org: Organisation, serial: string): Promise<PowerOnResult> {
  const device = org.devices.get(serial);
  if (device === undefined || device.disowned) throw new SimulatorError('UNKNOWN_DEVICE', `No device ${serial} in the organisation`);
  const server = device.serverId === undefined ? undefined : org.servers.get(device.serverId);
  const profile = device.profileUuid === undefined ? undefined : org.profiles.get(device.profileUuid);
  const hasProfile = device.profileStatus === 'assigned' || device.profileStatus === 'pushed';
  if (server === undefined || profile === undefined || !hasProfile) return { serial, pushed: false };

  const nowMs = org.clock.nowMs();
  device.profileStatus = 'pushed';
  device.profilePushMs = nowMs;
  touchDevice(device);
  if (org.settings.logProfileChanges) server.log.append('modified', device, nowMs);

  const enrollUrl = String(profile.body['url']);
  const result: PowerOnResult = { serial, pushed: true, profileUuid: profile.uuid, enrollUrl };
  try {
    result.status = await postJson(
      enrollUrl,
      JSON.stringify({ serial_number: serial, profile_uuid: profile.uuid, event: 'enroll' }),
      org.settings.enrollTimeoutMs,
    );
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}
