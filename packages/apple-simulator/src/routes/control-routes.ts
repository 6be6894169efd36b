import { z } from 'zod';
import { parseInput, type ControlRoute } from '../http/control-route';

const seeding = z.object({
  count: z.number().int().min(0).max(1_000_000),
  seed: z.number().int().optional(),
  serverId: z.string().optional(),
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
  /** Apple's protocol-10 fields, in Apple's names (`released_by_replacement` is the simulator's to set, on a replacement). */
  protocol10: z
    .strictObject({
      is_replacement_device: z.boolean().optional(),
      imei: z.array(z.string().min(1)).optional(),
      meid: z.array(z.string().min(1)).optional(),
      eid: z.string().min(1).optional(),
      wifi_mac_address: z.string().min(1).optional(),
      bluetooth_mac_address: z.string().min(1).optional(),
      ethernet_mac_address: z.string().min(1).optional(),
    })
    .optional(),
});
const faultChanges = z
  .object({
    serverErrors: z
      .object({
        share: z.number().min(0).max(1),
        status: z.number().int().min(500).max(599).default(500),
        seed: z.number().int().default(1),
      })
      .nullable(),
    failingServers: z.object({ serverIds: z.array(z.string().min(1)), status: z.number().int().min(500).max(599).default(503) }).nullable(),
    latencyMs: z.number().min(0),
    dropConnections: z.object({ share: z.number().min(0).max(1), seed: z.number().int().default(1) }).nullable(),
    sessionExpiryEveryRequests: z.number().int().min(0),
    repeatCursor: z.number().int().min(0),
    hideThrottledFromSync: z.boolean(),
    depsim: z.boolean(),
  })
  .partial();

/** `/_control/…`: the inventory, the clock and the faults. */
export const controlRoutes: readonly ControlRoute[] = [
  ['GET', '/_control/health', () => ({ ok: true })],
  ['POST', '/_control/devices/seed', async (r) => ({ serials: r.targets.devices.seed(parseInput(seeding, (await r.body()).json)) })],
  [
    'POST',
    '/_control/devices',
    async (r) => {
      const input = parseInput(z.object({ devices: z.array(deviceInput), serverId: z.string().optional() }), (await r.body()).json);
      return { serials: r.targets.devices.add(input.devices, input.serverId) };
    },
  ],
  ['POST', '/_control/devices/:serial/power-on', (r) => r.targets.devices.powerOn(r.params[0] ?? '')],
  [
    'POST',
    '/_control/devices/:serial/replace',
    async (r) => {
      const input = parseInput(deviceInput.extend({ replacementDate: z.iso.date().optional() }), (await r.body()).json);
      const { replacementDate, ...device } = input;
      const serial = r.targets.devices.replace(r.params[0] ?? '', replacementDate === undefined ? device : { ...device, replacementDate });
      return { serial, replaces: r.params[0] ?? '' };
    },
  ],
  [
    'POST',
    '/_control/devices/:serial/machine-info',
    async (r) => {
      const options = parseInput(
        z.strictObject({
          osVersion: z.string().optional(),
          buildVersion: z.string().optional(),
          product: z.string().optional(),
          language: z.string().optional(),
        }),
        (await r.body()).json ?? {},
      );
      const info = r.targets.devices.machineInfo(r.params[0] ?? '', options);
      return { machineInfo: info.header, values: info.values, caPem: info.caPem };
    },
  ],
  ['GET', '/_control/clock', ({ targets }) => ({ now: targets.clock.now().toISOString() })],
  [
    'POST',
    '/_control/clock/advance',
    async (r) => {
      const by = parseInput(z.object({ seconds: z.number().optional(), ms: z.number().optional() }), (await r.body()).json);
      return { now: r.targets.clock.advance((by.seconds ?? 0) * 1000 + (by.ms ?? 0)).toISOString() };
    },
  ],
  [
    'POST',
    '/_control/clock/set',
    async (r) => ({
      now: r.targets.clock.set(new Date(parseInput(z.object({ now: z.iso.datetime() }), (await r.body()).json).now)).toISOString(),
    }),
  ],
  ['GET', '/_control/faults', ({ targets }) => targets.faults.get()],
  ['PATCH', '/_control/faults', async (r) => r.targets.faults.set(parseInput(faultChanges, (await r.body()).json))],
  ['DELETE', '/_control/faults', ({ targets }) => targets.faults.reset()],
  [
    'POST',
    '/_control/faults/throttle',
    async (r) => {
      const input = parseInput(z.object({ serials: z.array(z.string()).min(1), seconds: z.number().positive() }), (await r.body()).json);
      r.targets.faults.throttleDevices(input.serials, input.seconds);
      return { throttled: input.serials };
    },
  ],
  [
    'POST',
    '/_control/sessions/expire',
    async (r) => {
      const input = parseInput(z.object({ at: z.iso.datetime().optional() }), (await r.body()).json);
      r.targets.faults.expireSessions(input.at === undefined ? undefined : new Date(input.at));
      return { expired: true };
    },
  ],
  [
    'POST',
    '/_control/sessions/forget',
    ({ targets }) => {
      targets.faults.forgetSessions();
      return { forgotten: true };
    },
  ],
];
