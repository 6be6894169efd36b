import { randomBytes } from 'node:crypto';
import { appleTime } from './clock';
import { selectSerials, type DeviceSelection } from './device/device-selection';
import { issueServerTokenFile, serverTokenFileName } from './pki/token-issuer';
import { SimulatorError } from './simulator-error';
import { assignDevicesToServer, disownDevices, unassignDevices, type AssignmentOutcome } from './state/device-assignment';
import { newMdmServer, type MdmServer } from './state/mdm-server';
import type { Organisation } from './state/organisation';
import { mintCredentials, type OAuthCredentials, type ServerTokenJson } from './state/server-token';

/** A server token as the portal hands it out. */
export interface IssuedToken {
  serverId: string;
  serverName: string;
  /** The four OAuth values (what the MDM gets after decrypting the `.p7m`). */
  credentials: OAuthCredentials;
  /** The token JSON including `access_token_expiry` (one year after issue). */
  token: ServerTokenJson;
  /** The `.p7m` text, when a certificate was uploaded. */
  p7m?: string;
  /** Apple-style file name of the `.p7m`. */
  fileName?: string;
}

export interface MdmServerSummary {
  serverId: string;
  name: string;
  adminId: string;
  deviceCount: number;
  tokenState: 'active' | 'revoked' | 'none';
}

export interface AddMdmServerInput {
  name?: string;
  /** PEM certificate of the MDM; with it the answer carries an encrypted `.p7m`. */
  certificatePem?: string;
  adminId?: string;
  /** Use these credentials instead of minting new ones (e.g. depsim's fixed ones). */
  credentials?: OAuthCredentials;
}

/** What an administrator does in Apple Business Manager. */
export interface Portal {
  addMdmServer(input?: AddMdmServerInput): IssuedToken;
  listMdmServers(): MdmServerSummary[];
  /** "Download a new server token": the previous token stops working at once. */
  renewToken(serverId: string, certificatePem?: string): IssuedToken;
  revokeToken(serverId: string): void;
  /** Apple publishes new terms: everything answers 403 `T_C_NOT_SIGNED` until accepted. */
  requireNewTerms(): void;
  acceptTerms(): void;
  assignDevices(serverId: string, selection: DeviceSelection, assignedBy?: string): AssignmentOutcome;
  unassignDevices(selection: DeviceSelection): { unassigned: string[]; unknown: string[] };
  moveDevices(selection: DeviceSelection, toServerId: string, assignedBy?: string): AssignmentOutcome;
  disownDevices(selection: DeviceSelection): Record<string, 'SUCCESS' | 'NOT_ACCESSIBLE'>;
}

const yearMs = 365 * 24 * 3600 * 1000;

export function createPortal(org: Organisation): Portal {
  let serverNumber = 0;
  const serverOf = (serverId: string): MdmServer => {
    const server = org.servers.get(serverId);
    if (server === undefined) throw new SimulatorError('UNKNOWN_SERVER', `No MDM server ${serverId}`);
    return server;
  };

  const issueToken = (server: MdmServer, certificatePem: string | undefined, fixed?: OAuthCredentials): IssuedToken => {
    if (server.currentConsumerKey !== undefined) {
      const previous = org.tokens.get(server.currentConsumerKey);
      if (previous !== undefined && previous.state === 'active') previous.state = 'replaced';
      org.sessions.forgetForConsumerKey(server.currentConsumerKey);
    }
    const issuedMs = org.clock.nowMs();
    const credentials = fixed ?? mintCredentials();
    const expiryMs = issuedMs + yearMs;
    org.tokens.set(credentials.consumer_key, { credentials, serverId: server.id, issuedMs, expiryMs, state: 'active' });
    server.currentConsumerKey = credentials.consumer_key;
    const token: ServerTokenJson = { ...credentials, access_token_expiry: appleTime(expiryMs) };
    const issued: IssuedToken = { serverId: server.id, serverName: server.name, credentials, token };
    if (certificatePem !== undefined) {
      issued.p7m = issueServerTokenFile(certificatePem, token);
      issued.fileName = serverTokenFileName(server.name, issuedMs);
    }
    return issued;
  };

  return {
    addMdmServer(input = {}) {
      serverNumber++;
      const id = randomBytes(16).toString('hex').toUpperCase();
      const server = newMdmServer(
        id,
        serverNumber,
        input.name ?? `MDM Server ${serverNumber}`,
        input.adminId ?? org.settings.organisation.admin_id,
      );
      org.servers.set(id, server);
      org.serversByNumber.set(server.number, server);
      return issueToken(server, input.certificatePem, input.credentials);
    },
    listMdmServers() {
      return Array.from(org.servers.values(), (server) => {
        const token = server.currentConsumerKey === undefined ? undefined : org.tokens.get(server.currentConsumerKey);
        return {
          serverId: server.id,
          name: server.name,
          adminId: server.adminId,
          deviceCount: server.devices.size,
          tokenState: token === undefined ? 'none' : token.state === 'active' ? 'active' : 'revoked',
        };
      });
    },
    renewToken: (serverId, certificatePem) => issueToken(serverOf(serverId), certificatePem),
    revokeToken(serverId) {
      const server = serverOf(serverId);
      if (server.currentConsumerKey === undefined) return;
      const token = org.tokens.get(server.currentConsumerKey);
      if (token !== undefined) token.state = 'revoked';
    },
    requireNewTerms() {
      org.termsAccepted = false;
    },
    acceptTerms() {
      org.termsAccepted = true;
    },
    assignDevices: (serverId, selection, assignedBy) =>
      assignDevicesToServer(org, serverOf(serverId), selectSerials(org, selection), assignedBy ?? org.settings.organisation.admin_id),
    unassignDevices: (selection) => unassignDevices(org, selectSerials(org, selection)),
    moveDevices: (selection, toServerId, assignedBy) =>
      assignDevicesToServer(org, serverOf(toServerId), selectSerials(org, selection), assignedBy ?? org.settings.organisation.admin_id),
    disownDevices: (selection) => disownDevices(org, selectSerials(org, selection)),
  };
}
