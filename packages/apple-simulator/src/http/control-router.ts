import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SimulatorClock } from '../clock';
import type { DeviceInventory } from '../device/device-inventory';
import type { Faults } from '../faults-api';
import type { Portal } from '../portal';
import { SimulatorError } from '../simulator-error';
import { readBodyText } from './http-io';
import { sendControlError, sendControlJson } from './control-io';

/** What the control and portal routes drive: the same objects as the programmatic API. */
export interface ControlTargets {
  portal: Portal;
  devices: DeviceInventory;
  clock: SimulatorClock;
  faults: Faults;
}

const selection = z.object({
  serials: z.array(z.string()).optional(),
  orderNumber: z.string().optional(),
  csv: z.string().optional(),
  assignedBy: z.string().optional(),
});
const deviceInput = z.object({
  serial: z.string().min(1),
  model: z.string().min(1),
  description: z.string().optional(),
  color: z.string().optional(),
  assetTag: z.string().optional(),
  os: z.enum(['iOS', 'iPadOS', 'OSX', 'tvOS', 'visionOS']),
  family: z.enum(['iPad', 'iPhone', 'iPod', 'Mac', 'AppleTV', 'Vision']),
  orderNumber: z.string().optional(),
});
const faultChanges = z
  .object({
    serverErrors: z.object({ share: z.number().min(0).max(1), status: z.number().int().min(500).max(599).default(500), seed: z.number().int().default(1) }).nullable(),
    latencyMs: z.number().min(0),
    dropConnections: z.object({ share: z.number().min(0).max(1), seed: z.number().int().default(1) }).nullable(),
    sessionExpiryEveryRequests: z.number().int().min(0),
    repeatCursor: z.number().int().min(0),
    hideThrottledFromSync: z.boolean(),
    depsim: z.boolean(),
  })
  .partial();

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new SimulatorError('INVALID_INPUT', result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

async function readBody(req: IncomingMessage): Promise<{ json: unknown; text: string; isCsv: boolean }> {
  const text = await readBodyText(req);
  const isCsv = (req.headers['content-type'] ?? '').startsWith('text/csv');
  if (isCsv || text.trim() === '') return { json: undefined, text, isCsv };
  try {
    return { json: JSON.parse(text) as unknown, text, isCsv };
  } catch {
    throw new SimulatorError('INVALID_INPUT', 'The body is not JSON');
  }
}

type Route = (targets: ControlTargets, params: string[], body: () => Promise<{ json: unknown; text: string; isCsv: boolean }>, query: URLSearchParams) => Promise<unknown> | unknown;

const selectionFrom = async (body: () => Promise<{ json: unknown; text: string; isCsv: boolean }>) => {
  const { json, text, isCsv } = await body();
  return isCsv ? { csv: text } : parse(selection, json);
};

/** `[method, pattern, handler]`; `:x` segments become params. */
const routes: Array<[string, string, Route]> = [
  ['GET', '/_portal/servers', (t) => t.portal.listMdmServers()],
  ['POST', '/_portal/servers', async (t, _p, body) => t.portal.addMdmServer(parse(z.object({ name: z.string().optional(), certificatePem: z.string().optional(), adminId: z.string().optional() }), (await body()).json))],
  ['POST', '/_portal/servers/:id/token', async (t, [id], body) => t.portal.renewToken(id ?? '', parse(z.object({ certificatePem: z.string().optional() }), (await body()).json).certificatePem)],
  ['POST', '/_portal/servers/:id/revoke', (t, [id]) => (t.portal.revokeToken(id ?? ''), { revoked: true })],
  ['POST', '/_portal/servers/:id/devices', async (t, [id], body) => {
    const chosen = await selectionFrom(body);
    return t.portal.assignDevices(id ?? '', chosen, 'assignedBy' in chosen ? chosen.assignedBy : undefined);
  }],
  ['POST', '/_portal/devices/unassign', async (t, _p, body) => t.portal.unassignDevices(await selectionFrom(body))],
  ['POST', '/_portal/devices/move', async (t, _p, body) => {
    const chosen = parse(selection.extend({ serverId: z.string() }), (await body()).json);
    return t.portal.moveDevices(chosen, chosen.serverId, chosen.assignedBy);
  }],
  ['POST', '/_portal/devices/disown', async (t, _p, body) => ({ devices: t.portal.disownDevices(await selectionFrom(body)) })],
  ['GET', '/_portal/devices', (t, _p, _b, query) => t.devices.list({ serverId: query.get('server_id') ?? undefined, orderNumber: query.get('order_number') ?? undefined })],
  ['GET', '/_portal/devices/:serial', (t, [serial]) => {
    const device = t.devices.get(serial ?? '');
    if (device === undefined) throw new SimulatorError('UNKNOWN_DEVICE', `No device ${serial}`);
    return device;
  }],
  ['POST', '/_portal/terms/require', (t) => (t.portal.requireNewTerms(), { termsAccepted: false })],
  ['POST', '/_portal/terms/accept', (t) => (t.portal.acceptTerms(), { termsAccepted: true })],
  ['GET', '/_control/health', () => ({ ok: true })],
  ['POST', '/_control/devices/seed', async (t, _p, body) => {
    const options = parse(z.object({ count: z.number().int().min(0).max(1_000_000), seed: z.number().int().optional(), serverId: z.string().optional(), assignedBy: z.string().optional() }), (await body()).json);
    return { serials: t.devices.seed(options) };
  }],
  ['POST', '/_control/devices', async (t, _p, body) => {
    const input = parse(z.object({ devices: z.array(deviceInput), serverId: z.string().optional() }), (await body()).json);
    return { serials: t.devices.add(input.devices, input.serverId) };
  }],
  ['POST', '/_control/devices/:serial/power-on', (t, [serial]) => t.devices.powerOn(serial ?? '')],
  ['GET', '/_control/clock', (t) => ({ now: t.clock.now().toISOString() })],
  ['POST', '/_control/clock/advance', async (t, _p, body) => {
    const by = parse(z.object({ seconds: z.number().optional(), ms: z.number().optional() }), (await body()).json);
    return { now: t.clock.advance((by.seconds ?? 0) * 1000 + (by.ms ?? 0)).toISOString() };
  }],
  ['POST', '/_control/clock/set', async (t, _p, body) => {
    const to = parse(z.object({ now: z.iso.datetime() }), (await body()).json);
    return { now: t.clock.set(new Date(to.now)).toISOString() };
  }],
  ['GET', '/_control/faults', (t) => t.faults.get()],
  ['PATCH', '/_control/faults', async (t, _p, body) => t.faults.set(parse(faultChanges, (await body()).json))],
  ['DELETE', '/_control/faults', (t) => t.faults.reset()],
  ['POST', '/_control/faults/throttle', async (t, _p, body) => {
    const input = parse(z.object({ serials: z.array(z.string()).min(1), seconds: z.number().positive() }), (await body()).json);
    t.faults.throttleDevices(input.serials, input.seconds);
    return { throttled: input.serials };
  }],
  ['POST', '/_control/sessions/expire', async (t, _p, body) => {
    const input = parse(z.object({ at: z.iso.datetime().optional() }), (await body()).json);
    t.faults.expireSessions(input.at === undefined ? undefined : new Date(input.at));
    return { expired: true };
  }],
  ['POST', '/_control/sessions/forget', (t) => (t.faults.forgetSessions(), { forgotten: true })],
];

function match(pattern: string, path: string): string[] | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) params.push(decodeURIComponent(g));
    else if (w !== g) return undefined;
  }
  return params;
}

/** Serves `/_portal/…` and `/_control/…` (the simulator's own API; Apple never uses these paths). */
export async function serveControlRequest(targets: ControlTargets, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let pathMatched = false;
  try {
    for (const [method, pattern, route] of routes) {
      const params = match(pattern, url.pathname);
      if (params === undefined) continue;
      pathMatched = true;
      if (method !== req.method) continue;
      let cached: Promise<{ json: unknown; text: string; isCsv: boolean }> | undefined;
      const result = await route(targets, params, () => (cached ??= readBody(req)), url.searchParams);
      sendControlJson(res, 200, result);
      return;
    }
    sendControlJson(res, pathMatched ? 405 : 404, { error: pathMatched ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND', message: `${req.method} ${url.pathname}` });
  } catch (error) {
    sendControlError(res, error);
  }
}
