import type { IncomingMessage } from 'node:http';
import { readJsonBody } from '../http/http-io';
import type { BusinessState } from './business-side';
import { simulatedActivityTypes, type SimulatedActivityType } from './activity';
import { BusinessApiFault, invalidEntity, notFound } from './json-api';
import { pageOf } from './paging';
import { activityResource, appleCareResources, mdmServerResource, orgDeviceResource } from './resources';

export interface BusinessRequest {
  readonly state: BusinessState;
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly origin: string;
  readonly clientId: string;
  readonly params: readonly string[];
}

export type BusinessReply = { status?: number; body: unknown };
type Route = { method: string; pattern: RegExp; handle: (request: BusinessRequest) => BusinessReply | Promise<BusinessReply> };

const deviceOf = (request: BusinessRequest) => {
  const serial = decodeURIComponent(request.params[0] ?? '');
  const device = request.state.org.devices.get(serial);
  if (device === undefined || device.disowned) throw notFound(`There is no device with id '${serial}' in the organization.`);
  return device;
};

const serverOf = (request: BusinessRequest, id: string) => {
  const server = request.state.org.servers.get(id);
  if (server === undefined) throw notFound(`There is no device management service with id '${id}'.`);
  return server;
};

const orgDevices = (request: BusinessRequest): BusinessReply => {
  const devices = [...request.state.org.devices.values()]
    .filter((device) => !device.disowned)
    .sort((a, b) => (a.serial < b.serial ? -1 : 1));
  const page = pageOf(devices, request.url, request.origin);
  return { body: { ...page, data: page.data.map((device) => orgDeviceResource(request.state, request.origin, device)) } };
};

const mdmServers = (request: BusinessRequest): BusinessReply => {
  const page = pageOf([...request.state.org.servers.values()], request.url, request.origin);
  return { body: { ...page, data: page.data.map((server) => mdmServerResource(request.state, request.origin, server)) } };
};

const serverDevices = (request: BusinessRequest): BusinessReply => {
  const server = serverOf(request, request.params[0] ?? '');
  const page = pageOf([...server.devices.keys()].sort(), request.url, request.origin);
  return { body: { ...page, data: page.data.map((serial) => ({ type: 'orgDevices', id: serial })) } };
};

const assignedServer = (request: BusinessRequest): BusinessReply => {
  const device = deviceOf(request);
  const self = `${request.origin}${request.url.pathname}`;
  return { body: { data: device.serverId === undefined ? null : { type: 'mdmServers', id: device.serverId }, links: { self } } };
};

const relationshipIds = (value: unknown, pointer: string, type: string): string[] => {
  if (!Array.isArray(value) || value.length === 0) throw invalidEntity(pointer, `Name at least one resource of type '${type}'.`);
  return value.map((item, index) => {
    const entry = item as { type?: unknown; id?: unknown } | null;
    if (entry?.type !== type || typeof entry.id !== 'string' || entry.id === '')
      throw invalidEntity(`${pointer}/${index}`, `Each entry needs type '${type}' and an id.`);
    return entry.id;
  });
};

const maxDeadlineMs = 90 * 24 * 3600 * 1000;

/**
 * `activityTypeMetadata.mdmMigrationDeadlineDateTime`: required by the two deadline types, at most
 * 90 days ahead (409 otherwise, as Apple answers a deadline outside the allowed range); a new
 * migration's deadline must be ahead, a moved one may be past (the device then migrates at once).
 */
const migrationDeadline = (request: BusinessRequest, type: SimulatedActivityType, value: unknown): number | undefined => {
  if (type !== 'ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE' && type !== 'UPDATE_MDM_MIGRATION_DEADLINE') return undefined;
  const pointer = '/data/attributes/activityTypeMetadata/mdmMigrationDeadlineDateTime';
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw invalidEntity(pointer, `${type} needs activityTypeMetadata.mdmMigrationDeadlineDateTime, an ISO 8601 date and time.`);
  const nowMs = request.state.org.clock.nowMs();
  if (ms > nowMs + maxDeadlineMs || (type === 'ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE' && ms <= nowMs))
    throw new BusinessApiFault(
      409,
      'ENTITY_ERROR.ATTRIBUTE.INVALID',
      'The provided entity includes an invalid attribute',
      'The migration deadline is outside the allowed range (at most 90 days in the future).',
      { pointer },
    );
  return ms;
};

const createActivity = async (request: BusinessRequest): Promise<BusinessReply> => {
  const body = (await readJsonBody(request.req)) as
    | {
        data?: {
          type?: unknown;
          attributes?: { activityType?: unknown; activityTypeMetadata?: { mdmMigrationDeadlineDateTime?: unknown } };
          relationships?: Record<string, { data?: unknown }>;
        };
      }
    | undefined;
  const data = body?.data;
  if (data?.type !== 'orgDeviceActivities') throw invalidEntity('/data/type', "The resource type must be 'orgDeviceActivities'.");
  const activityType = data.attributes?.activityType;
  if (!simulatedActivityTypes.includes(activityType as SimulatedActivityType)) {
    throw invalidEntity('/data/attributes/activityType', `The activity type must be one of ${simulatedActivityTypes.join(', ')}.`);
  }
  const type = activityType as SimulatedActivityType;
  const deadlineMs = migrationDeadline(request, type, data.attributes?.activityTypeMetadata?.mdmMigrationDeadlineDateTime);
  const serials = [...new Set(relationshipIds(data.relationships?.devices?.data, '/data/relationships/devices/data', 'orgDevices'))];
  let serverId: string | undefined;
  const server = data.relationships?.mdmServer?.data as { type?: unknown; id?: unknown } | undefined;
  if (type === 'ASSIGN_DEVICES' || type === 'ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE' || server !== undefined) {
    if (server?.type !== 'mdmServers' || typeof server.id !== 'string')
      throw invalidEntity('/data/relationships/mdmServer/data', `${type} needs the mdmServer as { type: 'mdmServers', id }.`);
    serverId = serverOf(request, server.id).id;
  }
  const activity = request.state.startActivity({ type, serverId, serials, clientId: request.clientId, deadlineMs });
  return {
    status: 201,
    body: { data: activityResource(request.origin, activity), links: { self: `${request.origin}/v1/orgDeviceActivities/${activity.id}` } },
  };
};

const readActivity = (request: BusinessRequest): BusinessReply => {
  const id = request.params[0] ?? '';
  const activity = request.state.activities.get(id);
  if (activity === undefined) throw notFound(`There is no activity with id '${id}'.`);
  return { body: { data: activityResource(request.origin, activity), links: { self: `${request.origin}${request.url.pathname}` } } };
};

/** The Business API's resources under `/v1`. */
export const businessRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/v1\/orgDevices$/, handle: orgDevices },
  {
    method: 'GET',
    pattern: /^\/v1\/orgDevices\/([^/]+)$/,
    handle: (r) => ({ body: { data: orgDeviceResource(r.state, r.origin, deviceOf(r)), links: { self: `${r.origin}${r.url.pathname}` } } }),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/orgDevices\/([^/]+)\/appleCareCoverage$/,
    handle: (r) => {
      const page = pageOf(appleCareResources(r.state, deviceOf(r)), r.url, r.origin);
      return { body: page };
    },
  },
  { method: 'GET', pattern: /^\/v1\/orgDevices\/([^/]+)\/relationships\/assignedServer$/, handle: assignedServer },
  { method: 'GET', pattern: /^\/v1\/mdmServers$/, handle: mdmServers },
  { method: 'GET', pattern: /^\/v1\/mdmServers\/([^/]+)\/relationships\/devices$/, handle: serverDevices },
  { method: 'POST', pattern: /^\/v1\/orgDeviceActivities$/, handle: createActivity },
  { method: 'GET', pattern: /^\/v1\/orgDeviceActivities\/([^/]+)$/, handle: readActivity },
];

export const methodNotAllowed = (): BusinessApiFault =>
  new BusinessApiFault(405, 'METHOD_NOT_ALLOWED', 'The method is not allowed', 'This resource does not support that method.');
