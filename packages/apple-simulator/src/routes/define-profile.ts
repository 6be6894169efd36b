import { randomBytes } from 'node:crypto';
import type { AppleContext, AppleReply } from '../http/apple-context';
import { parseBody } from '../http/request-body';
import { assignProfile } from '../state/profile-assignment';
import type { StoredProfile } from '../state/organisation';
import { profileDefinition } from './profile-validation';
import { requireSerials } from './request-bodies';

/** Production UUIDs: 32 uppercase hex characters; depsim's: 16. */
function mintProfileUuid(depsim: boolean): string {
  return randomBytes(depsim ? 8 : 16)
    .toString('hex')
    .toUpperCase();
}

/** `POST /profile`: validates, stores an immutable profile under a new UUID, optionally assigns it. */
export async function defineProfile(ctx: AppleContext): Promise<AppleReply> {
  const { devices, ...fields } = parseBody(profileDefinition, await ctx.body());
  const serials = devices === undefined || devices.length === 0 ? [] : requireSerials(devices, ctx.org.settings.maxDevicesPerRequest);
  const profile: StoredProfile = {
    uuid: mintProfileUuid(ctx.depsim),
    serverId: ctx.server.id,
    body: Object.freeze({ ...fields }),
    definedMs: ctx.org.clock.nowMs(),
  };
  ctx.org.profiles.set(profile.uuid, profile);
  const assigned = serials.length === 0 ? { devices: {} } : assignProfile(ctx.org, ctx.server, profile, serials, ctx.protocolVersion);
  return { json: JSON.stringify({ profile_uuid: profile.uuid, devices: assigned.devices }) };
}
