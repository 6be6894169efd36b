import { deviceWireObject } from '../device/device-wire';
import type { AppleContext, AppleReply } from '../http/apple-context';
import { parseBody } from '../http/request-body';
import { requireSerials, serialListRequest } from './request-bodies';

/** `POST /devices`: each serial's Device plus `response_status`; NOT_ACCESSIBLE for serials not on this server. */
export async function deviceDetails(ctx: AppleContext): Promise<AppleReply> {
  const request = parseBody(serialListRequest, await ctx.body());
  const serials = requireSerials(request.devices, ctx.org.settings.maxDevicesPerRequest);
  const devices: Record<string, Record<string, string>> = {};
  for (const serial of serials) {
    const device = ctx.server.devices.get(serial);
    devices[serial] =
      device === undefined
        ? { serial_number: serial, response_status: 'NOT_ACCESSIBLE' }
        : { ...deviceWireObject(device, ctx.protocolVersion), response_status: 'SUCCESS' };
  }
  return { json: JSON.stringify({ devices }) };
}
