import type { AppleContext, AppleReply } from '../http/apple-context';
import { parseBody } from '../http/request-body';
import { disownDevices as disown } from '../state/device-assignment';
import { requireSerials, serialListRequest } from './request-bodies';

/** `POST /devices/disown`: permanent removal from the organisation; never THROTTLED. */
export async function disownDevices(ctx: AppleContext): Promise<AppleReply> {
  const request = parseBody(serialListRequest, await ctx.body());
  const serials = requireSerials(request.devices, ctx.org.settings.maxDevicesPerRequest);
  return { json: JSON.stringify({ devices: disown(ctx.org, serials, ctx.server) }) };
}
