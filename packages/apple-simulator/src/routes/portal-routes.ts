import { z } from 'zod';
import type { DeviceSelection } from '../device/device-selection';
import { parseInput, type ControlRequest, type ControlRoute } from '../http/control-route';
import { SimulatorError } from '../simulator-error';

const selection = z.object({
  serials: z.array(z.string()).optional(),
  orderNumber: z.string().optional(),
  csv: z.string().optional(),
  assignedBy: z.string().optional(),
});
const newServer = z.object({ name: z.string().optional(), certificatePem: z.string().optional(), adminId: z.string().optional() });
const renewal = z.object({ certificatePem: z.string().optional() });

async function selectionOf(request: ControlRequest): Promise<DeviceSelection & { assignedBy?: string }> {
  const body = await request.body();
  return body.isCsv ? { csv: body.text } : parseInput(selection, body.json);
}

const param = (request: ControlRequest, index = 0): string => request.params[index] ?? '';

/** `/_portal/…`: what an administrator does in Apple Business Manager. */
export const portalRoutes: readonly ControlRoute[] = [
  ['GET', '/_portal/servers', ({ targets }) => targets.portal.listMdmServers()],
  ['POST', '/_portal/servers', async (r) => r.targets.portal.addMdmServer(parseInput(newServer, (await r.body()).json))],
  [
    'POST',
    '/_portal/servers/:id/token',
    async (r) => r.targets.portal.renewToken(param(r), parseInput(renewal, (await r.body()).json).certificatePem),
  ],
  [
    'POST',
    '/_portal/servers/:id/revoke',
    (r) => {
      r.targets.portal.revokeToken(param(r));
      return { revoked: true };
    },
  ],
  [
    'POST',
    '/_portal/servers/:id/devices',
    async (r) => {
      const chosen = await selectionOf(r);
      return r.targets.portal.assignDevices(param(r), chosen, chosen.assignedBy);
    },
  ],
  ['POST', '/_portal/devices/unassign', async (r) => r.targets.portal.unassignDevices(await selectionOf(r))],
  [
    'POST',
    '/_portal/devices/move',
    async (r) => {
      const chosen = parseInput(selection.extend({ serverId: z.string() }), (await r.body()).json);
      return r.targets.portal.moveDevices(chosen, chosen.serverId, chosen.assignedBy);
    },
  ],
  ['POST', '/_portal/devices/disown', async (r) => ({ devices: r.targets.portal.disownDevices(await selectionOf(r)) })],
  [
    'GET',
    '/_portal/devices',
    ({ targets, query }) =>
      targets.devices.list({ serverId: query.get('server_id') ?? undefined, orderNumber: query.get('order_number') ?? undefined }),
  ],
  [
    'GET',
    '/_portal/devices/:serial',
    (r) => {
      const device = r.targets.devices.get(param(r));
      if (device === undefined) throw new SimulatorError('UNKNOWN_DEVICE', `No device ${param(r)}`);
      return device;
    },
  ],
  [
    'POST',
    '/_portal/terms/require',
    ({ targets }) => {
      targets.portal.requireNewTerms();
      return { termsAccepted: false };
    },
  ],
  [
    'POST',
    '/_portal/terms/accept',
    ({ targets }) => {
      targets.portal.acceptTerms();
      return { termsAccepted: true };
    },
  ],
];
