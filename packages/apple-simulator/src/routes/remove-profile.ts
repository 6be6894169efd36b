import type { AppleContext, AppleReply } from '../http/apple-context';
import { parseBody } from '../http/request-body';
import { removeProfile as remove } from '../state/profile-assignment';
import { requireSerials, serialListRequest } from './request-bodies';

/** `DELETE /profile/devices` with a JSON body; `profile_uuid` in the body is ignored, as Apple does. */
export async function removeProfile(ctx: AppleContext): Promise<AppleReply> {
  const request = parseBody(serialListRequest, await ctx.body());
  const serials = requireSerials(request.devices, ctx.org.settings.maxDevicesPerRequest);
  return { json: JSON.stringify({ devices: remove(ctx.org, ctx.server, serials) }) };
}
