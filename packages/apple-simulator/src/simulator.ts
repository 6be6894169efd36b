import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulatorClock, type SimulatorClock } from './clock';
import { createDeviceInventory, type DeviceInventory } from './device/device-inventory';
import { createFaultSwitchboard } from './faults';
import { createFaultsApi, type Faults } from './faults-api';
import { isApplePath, serveAppleRequest } from './http/apple-router';
import { sendAppleError } from './http/http-io';
import { serveControlRequest } from './http/control-router';
import { AppleError } from './apple-error';
import { createBusinessSide, createBusinessState, stopBusinessTimers, type BusinessSide } from './business/business-side';
import { isBusinessPath, serveBusinessRequest } from './business/business-router';
import { resolveSettings, type SimulatorOptions, type SimulatorSettings } from './options';
import { createPortal, type AddMdmServerInput, type IssuedToken, type Portal } from './portal';
import { SimulatorError } from './simulator-error';
import { newOrganisation } from './state/organisation';

/** A running (or ready-to-run) simulator of Apple's DEP service and portal. */
export interface AppleSimulator {
  /** Listens on 127.0.0.1 (or `host`) at `port` [0 = any free port]; resolves with the base URL. */
  start(port?: number, host?: string): Promise<{ url: string }>;
  /** Closes the listener and every open connection. */
  stop(): Promise<void>;
  /** Base URL, e.g. `http://127.0.0.1:49152` (throws before `start`). */
  readonly url: string;
  readonly portal: Portal;
  readonly devices: DeviceInventory;
  readonly clock: SimulatorClock;
  readonly faults: Faults;
  readonly settings: Readonly<SimulatorSettings>;
  /** The Apple School and Business Manager API over the same organisation (token endpoint and `/v1`). */
  readonly business: BusinessSide;
  /** Adds an MDM server and returns its OAuth credentials directly (no certificate, no `.p7m`). */
  createServerWithCredentials(input?: Omit<AddMdmServerInput, 'certificatePem'>): IssuedToken;
  /** The profile Apple stores under a UUID, in Apple's field names as `POST /profile` received them; undefined when unknown. */
  profile(uuid: string): Readonly<Record<string, unknown>> | undefined;
}

export function createAppleSimulator(options: SimulatorOptions = {}): AppleSimulator {
  const settings = resolveSettings(options);
  const clock = createSimulatorClock(options.clock);
  const org = newOrganisation(settings, clock, createFaultSwitchboard(settings.depsim));
  const portal = createPortal(org);
  const devices = createDeviceInventory(org);
  const faults = createFaultsApi(org);
  const businessState = createBusinessState(org);
  const business = createBusinessSide(businessState);
  const targets = { portal, devices, clock, faults };
  let server: Server | undefined;
  let baseUrl: string | undefined;

  const handle = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const served = isApplePath(url.pathname)
      ? serveAppleRequest(org, req, res, url)
      : isBusinessPath(url.pathname)
        ? serveBusinessRequest(businessState, req, res, url)
        : url.pathname.startsWith('/_portal/') || url.pathname.startsWith('/_control/')
          ? serveControlRequest(targets, req, res, url)
          : Promise.resolve(sendAppleError(res, new AppleError(404, ''), false));
    served.catch(() => {
      if (!res.headersSent) sendAppleError(res, new AppleError(500, ''), false);
      else res.destroy();
    });
  });
  // An idle connection stays open a minute (Node's default is 5 s): a client on a busy machine that folds a big
  // page for longer than that would otherwise reuse a connection the simulator is closing, and see ECONNRESET.
  handle.keepAliveTimeout = 60_000;

  return {
    async start(port = 0, host = '127.0.0.1') {
      if (server !== undefined) throw new SimulatorError('ALREADY_STARTED', 'The simulator is already listening');
      await new Promise<void>((resolve, reject) => {
        handle.once('error', reject);
        handle.listen(port, host, () => {
          handle.off('error', reject);
          resolve();
        });
      });
      server = handle;
      const address = handle.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      baseUrl = `http://${shownHost}:${address.port}`;
      return { url: baseUrl };
    },
    async stop() {
      const running = server;
      if (running === undefined) return;
      server = undefined;
      baseUrl = undefined;
      stopBusinessTimers(businessState);
      await new Promise<void>((resolve) => {
        running.close(() => resolve());
        running.closeAllConnections();
      });
    },
    get url() {
      if (baseUrl === undefined) throw new SimulatorError('NOT_STARTED', 'Call start() first');
      return baseUrl;
    },
    portal,
    devices,
    clock,
    faults,
    settings,
    business,
    createServerWithCredentials: (input = {}) => portal.addMdmServer(input),
    profile: (uuid) => org.profiles.get(uuid)?.body,
  };
}
