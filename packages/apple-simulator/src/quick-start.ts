import type { SimulatorOptions } from './options';
import type { IssuedToken } from './portal';
import { createAppleSimulator, type AppleSimulator } from './simulator';

export interface QuickStartOptions extends SimulatorOptions {
  /** Seeded devices assigned to the MDM server [10]. */
  devices?: number;
  port?: number;
  host?: string;
  serverName?: string;
  /** Upload this certificate to get a `.p7m` too. */
  certificatePem?: string;
}

export interface StartedSimulator {
  simulator: AppleSimulator;
  url: string;
  /** The MDM server and its OAuth credentials. */
  server: IssuedToken;
  /** Serials of the seeded devices, in assignment order. */
  serials: string[];
}

/** One call for tests: create, add an MDM server, seed and assign devices, start listening. */
export async function startAppleSimulator(options: QuickStartOptions = {}): Promise<StartedSimulator> {
  const simulator = createAppleSimulator(options);
  const server = simulator.portal.addMdmServer({
    name: options.serverName ?? 'depledger MDM',
    ...(options.certificatePem === undefined ? {} : { certificatePem: options.certificatePem }),
  });
  const serials = simulator.devices.seed({ count: options.devices ?? 10, serverId: server.serverId });
  const { url } = await simulator.start(options.port ?? 0, options.host);
  return { simulator, url, server, serials };
}
