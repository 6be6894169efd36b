// depledger embedded in an MDM, end to end on one machine:
//   node examples/embedding-mdm/main.mjs        (after `pnpm build`)
//
// It starts the Apple simulator, wires createDepledger to it through @depledger/apple's gateway,
// starts the MDM's enrollment endpoint (enrollment-server.mjs), goes through the Intune document's
// steps, syncs, powers some devices on — each calls the enrollment URL, the MDM records the
// check-in — prints the device list with its statuses, and stops everything.
import { pathToFileURL } from 'node:url';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, createInMemoryEventStore, createInMemoryVault } from '@depledger/core';
import { builtInProjections, createInMemoryReadModelStore, createProjectionRunner, listDevices } from '@depledger/projections';
import { startEnrollmentServer } from './enrollment-server.mjs';

/**
 * @param {{ devices?: number, powerOn?: number, lang?: 'fr' | 'en', print?: (line: string) => void }} options
 * @returns the devices as listed at the end, and the check-ins the MDM received
 */
export const main = async ({ devices = 6, powerOn = 3, lang = 'fr', print = console.log } = {}) => {
  // Apple, simulated: an organisation with a portal, over HTTP on a free loopback port.
  const simulator = createAppleSimulator();
  const { url: appleUrl } = await simulator.start();

  // depledger: in-memory store and vault here (openSqliteStore from @depledger/store-sqlite for a file).
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  // The gateway is a factory: depledger hands it the vault and each token's OAuth secrets.
  const gateway = appleGateway({
    baseUrl: appleUrl, // leave it out to talk to https://mdmenrollment.apple.com
    userAgent: 'contoso-mdm/1.0',
  });
  const depledger = createDepledger({ store, gateway, vault, pki: createAppleTokenPki() });
  const mdm = await startEnrollmentServer(depledger);

  try {
    const admin = { actor: 'admin:it-paris' };
    print(`Apple simulator at ${appleUrl}; enrollment URL ${mdm.url}`);

    // Steps 2–4: key, server token from the portal, upload with the Apple ID.
    const key = await depledger.tokens.generateKey('paris', admin);
    const issued = simulator.portal.addMdmServer({ name: 'Contoso Paris MDM', certificatePem: key.certificatePem });
    const uploaded = await depledger.tokens.upload('paris', issued.p7m, { ...admin, appleId: 'it-admin@contoso.example' });
    print(
      `Token paris uploaded: ${uploaded.account.status} (${uploaded.account.serverName ?? uploaded.account.message}), expires ${uploaded.expiresAt.slice(0, 10)}`,
    );

    // Step 5: the corporate enrollment profile points at the MDM's enrollment URL.
    await depledger.profiles.define(
      'corp',
      'paris',
      { name: 'Contoso corporate devices', url: mdm.url, skipSetupItems: ['Siri', 'Location'] },
      admin,
    );
    const profile = await depledger.profiles.publish('corp', admin);
    await depledger.tokens.setDefaultProfile('paris', 'corp', admin);
    print(`Profile corp published at Apple as ${profile.profileUuid} and made the default`);

    // Step 6, at the portal: devices bought by the organisation, assigned to our MDM server.
    const serials = simulator.devices.seed({ count: devices, seed: 42 });
    simulator.portal.assignDevices(issued.serverId, { serials });

    // Step 7: "Sync now".
    const run = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual', actor: 'admin:it-paris' });
    print(`Sync ${run.status}: ${run.counts.added} devices added, ${run.assignments.assigned} given the default profile`);

    // Step 8: devices are switched on; each one calls the enrollment URL.
    for (const serial of serials.slice(0, powerOn)) {
      const power = await simulator.devices.powerOn(serial);
      print(`Power-on ${serial}: enrollment URL answered ${power.status ?? power.error}`);
    }

    // The device list is a read model, caught up from the event log.
    const readModels = createInMemoryReadModelStore();
    await createProjectionRunner({ eventStore: store, readModels, projections: builtInProjections }).catchUp();
    const list = await listDevices(readModels, { tokenId: 'paris', lang });
    print('');
    print('Devices of token paris:');
    for (const device of list) print(`  ${device.serial}  ${(device.model ?? '').padEnd(22)} ${device.statusLabel}`);
    print(`${mdm.checkIns.length} check-ins recorded; ${await store.headPosition()} events in the log.`);
    return { devices: list.map((d) => ({ serial: d.serial, status: d.status, statusLabel: d.statusLabel })), checkIns: mdm.checkIns };
  } finally {
    await mdm.close();
    await simulator.stop();
    await store.close();
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lang = process.argv.includes('--lang') ? process.argv[process.argv.indexOf('--lang') + 1] : 'fr';
  await main({ lang });
}
