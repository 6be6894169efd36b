import type { AppleContext, AppleReply } from '../http/apple-context';

/** Apple's documentation example of `server_uuid`, which depsim also answers. */
const depsimServerUuid = '677cab70-fe18-11e2-b778-0800200c9a66';

const endpointUrls = (defaultLimit: number, maxLimit: number): Array<Record<string, unknown>> => [
  { uri: '/session', http_method: ['GET'] },
  { uri: '/account', http_method: ['GET'] },
  { uri: '/server/devices', http_method: ['POST'], limit: { default: defaultLimit, maximum: maxLimit } },
  { uri: '/devices/sync', http_method: ['POST'], limit: { default: defaultLimit, maximum: maxLimit } },
  { uri: '/devices', http_method: ['POST'] },
  { uri: '/devices/disown', http_method: ['POST'] },
  { uri: '/profile', http_method: ['POST', 'GET'] },
  { uri: '/profile/devices', http_method: ['DELETE', 'POST', 'PUT'] },
];

/** `GET /account`: the server's AccountDetail; the v3 fields only for protocol version ≥ 3. */
export function accountDetail(ctx: AppleContext): AppleReply {
  const { org, server } = ctx;
  const info = org.settings.organisation;
  const account: Record<string, unknown> = {
    server_name: server.name,
    server_uuid: ctx.depsim ? depsimServerUuid : server.id,
    admin_id: server.adminId,
    facilitator_id: server.adminId,
    org_name: info.org_name,
    org_email: info.org_email,
    org_phone: info.org_phone,
    org_address: info.org_address,
  };
  if (ctx.protocolVersion >= 3) {
    account['org_id'] = info.org_id;
    account['org_id_hash'] = info.org_id_hash;
    account['org_type'] = info.org_type;
    account['org_version'] = info.org_version;
    account['urls'] = endpointUrls(org.settings.defaultLimit, org.settings.maxLimit);
  }
  return { json: JSON.stringify(account) };
}
