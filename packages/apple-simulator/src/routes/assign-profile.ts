import { AppleError, badRequest } from '../apple-error';
import type { AppleContext, AppleReply } from '../http/apple-context';
import { parseBody } from '../http/request-body';
import { assignProfile as assign } from '../state/profile-assignment';
import { assignRequest, requireSerials } from './request-bodies';

/** `POST` (and legacy `PUT`) `/profile/devices`: per-device SUCCESS / NOT_ACCESSIBLE / FAILED / THROTTLED. */
export async function assignProfile(ctx: AppleContext): Promise<AppleReply> {
  if (ctx.depsim && ctx.req.method === 'POST') throw new AppleError(405, '');
  const request = parseBody(assignRequest, await ctx.body());
  const uuid = request.profile_uuid;
  if (uuid === undefined || uuid === null || uuid === '') throw badRequest('PROFILE_UUID_REQUIRED');
  const serials = requireSerials(request.devices, ctx.org.settings.maxDevicesPerRequest);
  const profile = ctx.org.profiles.get(uuid);
  if (profile === undefined || profile.serverId !== ctx.server.id) throw new AppleError(404, 'NOT_FOUND');
  const result = assign(ctx.org, ctx.server, profile, serials, ctx.protocolVersion);
  const answer: Record<string, unknown> = { profile_uuid: uuid, devices: result.devices };
  if (result.retryAfterSeconds !== undefined) answer['retry_after_seconds'] = result.retryAfterSeconds;
  return { json: JSON.stringify(answer) };
}
