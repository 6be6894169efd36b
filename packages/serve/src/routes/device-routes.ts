import { deviceStatus, deviceStatusAsOf, deviceStatusCodes, deviceTimeline, pageDevices } from '@depledger/projections';
import { z } from 'zod';
import { apiErrorSchema, RequestError } from '../http/api-error';
import { defineRoute, type AnyRoute } from '../http/route';
import { isoDate, serialParam } from '../schemas/ids';
import { deviceListSchema, deviceSchema, eventsRecordedSchema, timelineEntrySchema } from '../schemas/views';
import { recorded, type ServeServices } from '../serve-services';

const error = (description: string) => ({ description, schema: apiErrorSchema });
const lang = z.enum(['fr', 'en']).optional().describe('Language of the labels (the server default when absent).');
const notFound = (serial: string) =>
  new RequestError('DEVICE_NOT_FOUND', `depledger has never seen device ${serial}: sync its token first.`, { serial });

/** Step 7's "All corporate devices", one device, its history and its status as of a date; step 8's check-in. */
export const deviceRoutes = (services: ServeServices): AnyRoute[] => [
  defineRoute({
    method: 'GET',
    path: '/devices',
    operationId: 'listDevices',
    summary: 'The devices, by serial, a page at a time',
    tag: 'devices',
    scope: 'read',
    query: z.strictObject({
      tokenId: z.string().min(1).max(128).optional(),
      status: z
        .union([z.enum(deviceStatusCodes), z.array(z.enum(deviceStatusCodes))])
        .optional()
        .describe('Only these statuses (repeat the parameter for several).'),
      model: z.string().min(1).max(128).optional().describe('Only this model (exactly as Apple names it).'),
      profileId: z.string().min(1).max(64).optional().describe('Only devices given this profile.'),
      serial: z
        .string()
        .min(1)
        .max(64)
        .optional()
        .describe('Only serials that begin with this (the search box of the console); case does not matter.'),
      after: z.string().max(64).optional().describe('The `next` of the previous page.'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      lang,
    }),
    responses: { 200: { description: 'A page of devices.', schema: deviceListSchema } },
    handle: async ({ query }) => {
      // a keyset page: the read model's listing starts after `after`, found through its key index
      const page = await pageDevices(await services.readModels(), {
        lang: query.lang ?? services.lang,
        limit: query.limit,
        ...(query.tokenId === undefined ? {} : { tokenId: query.tokenId }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.model === undefined ? {} : { model: query.model }),
        ...(query.profileId === undefined ? {} : { profileId: query.profileId }),
        ...(query.serial === undefined ? {} : { serialPrefix: query.serial }),
        ...(query.after === undefined ? {} : { after: query.after }),
      });
      return { status: 200, body: page };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/devices/{serial}',
    operationId: 'getDevice',
    summary: 'One device, now or as it was at a moment',
    tag: 'devices',
    scope: 'read',
    params: serialParam,
    query: z.strictObject({ asOf: isoDate.optional().describe("The status as it was then, folded from the device's events."), lang }),
    responses: { 200: { description: 'The device.', schema: deviceSchema }, 404: error('depledger has never seen it (or not by then).') },
    handle: async ({ params, query }) => {
      const language = query.lang ?? services.lang;
      const device =
        query.asOf === undefined
          ? await deviceStatus(await services.readModels(), params.serial, language)
          : await deviceStatusAsOf(services.events, params.serial, { time: query.asOf }, language);
      if (!device) throw notFound(params.serial);
      return { status: 200, body: device };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/devices/{serial}/history',
    operationId: 'getDeviceHistory',
    summary: 'Everything that happened to a device: what, who, when, and the status it left',
    tag: 'devices',
    scope: 'read',
    params: serialParam,
    query: z.strictObject({ until: isoDate.optional(), lang }),
    responses: {
      200: { description: 'Oldest first.', schema: z.object({ serial: z.string(), history: z.array(timelineEntrySchema) }) },
      404: error('No such device.'),
    },
    handle: async ({ params, query }) => {
      const history = await deviceTimeline(services.events, params.serial, {
        lang: query.lang ?? services.lang,
        ...(query.until !== undefined ? { until: { time: query.until } } : {}),
      });
      if (history.length === 0) throw notFound(params.serial);
      return { status: 200, body: { serial: params.serial, history } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/devices/{serial}/enrollment',
    operationId: 'recordEnrollment',
    summary: "The MDM's check-in: the device enrolled (step 8, status Enrolled)",
    description: 'Under user affinity, `user` is personal data: it is kept in the vault and the event carries a reference.',
    tag: 'enrollment',
    scope: 'write',
    params: serialParam,
    body: z.strictObject({ enrolledAt: isoDate.optional(), user: z.string().min(1).max(320).optional() }),
    responses: {
      201: { description: 'Recorded (nothing new when it was already).', schema: eventsRecordedSchema },
      409: error('The device is not assigned to a token.'),
    },
    handle: async ({ params, body, caller }) => ({
      status: 201,
      body: recorded(await services.depledger.devices.recordEnrollment(params.serial, { actor: caller.actor, ...body })),
    }),
  }),
];
