import type { Command } from 'commander';
import type { Kit } from './kit';
import { registerPortalAddServer } from './simulator-portal-add-server';
import { registerPortalAssign } from './simulator-portal-assign';
import { registerPortalDevices } from './simulator-portal-devices';
import { registerPortalRenew } from './simulator-portal-renew';
import { registerPortalServers } from './simulator-portal-servers';

/** What an administrator does in Apple's portal (steps 3 and 6), at a running simulator. */
export const registerSimulatorPortal = (simulator: Command, kit: Kit): void => {
  const portal = simulator.command('portal').description("what an administrator does in Apple's portal, at a running simulator");
  registerPortalAddServer(portal, kit);
  registerPortalRenew(portal, kit);
  registerPortalAssign(portal, kit);
  registerPortalServers(portal, kit);
  registerPortalDevices(portal, kit);
};
