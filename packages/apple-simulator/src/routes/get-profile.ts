import { AppleError, badRequest } from '../apple-error';
import type { AppleContext, AppleReply } from '../http/apple-context';

/** `GET /profile?profile_uuid=`: the stored profile plus `profile_uuid`; 404 `NOT_FOUND` when unknown (unconfirmed). */
export function getProfile(ctx: AppleContext): AppleReply {
  const uuid = ctx.query.get('profile_uuid');
  if (uuid === null || uuid === '') throw badRequest('PROFILE_UUID_REQUIRED');
  const profile = ctx.org.profiles.get(uuid);
  if (profile === undefined || profile.serverId !== ctx.server.id) throw new AppleError(404, 'NOT_FOUND');
  return { json: JSON.stringify({ ...profile.body, profile_uuid: profile.uuid }) };
}
