// Replaying audit history: what happened to a device and to a server token, who did it and when,
// and what the fleet looked like at an earlier date.
//   node examples/audit-replay/main.mjs        (after `pnpm build`; --lang fr for French lines)
//
// A year of a token's life is played against the Apple simulator with clocks moved by hand
// (depledger's and the simulator's together), then the history is read back from the event log.
import { pathToFileURL } from 'node:url';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, createInMemoryEventStore, createInMemoryVault, depledgerSerde, manualClock, tokenStream } from '@depledger/core';
import { builtInProjections, deviceStatusAsOf, deviceTimeline, fleetSummary, readModelsAsOf, syncHistory } from '@depledger/projections';
import { startEnrollmentServer } from '../embedding-mdm/enrollment-server.mjs';

const DAY = 24 * 3600 * 1000;
const day = (iso) => iso.slice(0, 10);
const time = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

/** What a token event says, in one line (the device timeline has its own words in @depledger/projections). */
const describeTokenEvent = (event) => {
  const d = event.data;
  switch (event.type) {
    case 'EncryptionKeyIssued':
      return `encryption key issued (certificate ${d.fingerprint.slice(0, 8)}…, valid until ${day(d.notAfter)})`;
    case 'ServerTokenUploaded':
      return `server token uploaded, expires ${day(d.accessTokenExpiry)}; Apple ID ${d.appleIdRef}`;
    case 'ServerTokenRenewed':
      return `server token renewed, expires ${day(d.accessTokenExpiry)} (was ${day(d.previousExpiry)})`;
    case 'AccountVerified':
      return `Apple confirmed the account: ${d.serverName} of ${d.orgName}`;
    case 'DefaultProfileChanged':
      return `default profile ${d.previousProfileId ?? 'none'} → ${d.profileId ?? 'none'}`;
    case 'TokenExpiring':
      return `expiry warning: ${d.daysLeft} days left (threshold ${d.threshold})`;
    default:
      return event.type;
  }
};

/** Plays the history; returns the store and what the audit needs to know about it. */
const playHistory = async (print) => {
  const simulator = createAppleSimulator();
  const { url } = await simulator.start();
  const clock = manualClock(simulator.clock.now());
  const advance = (days) => {
    clock.advance(days * DAY);
    simulator.clock.advance(days * DAY);
  };
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  const gateway = appleGateway({ baseUrl: url, userAgent: 'contoso-mdm/1.0' });
  const depledger = createDepledger({ store, gateway, vault, clock, pki: createAppleTokenPki() });
  const mdm = await startEnrollmentServer(depledger);
  const alice = { actor: 'admin:alice' };
  const bob = { actor: 'admin:bob' };
  try {
    // Day 0 — Alice connects the Paris MDM server and syncs.
    const key = await depledger.tokens.generateKey('paris', alice);
    const server = simulator.portal.addMdmServer({ name: 'Contoso Paris MDM', certificatePem: key.certificatePem });
    await depledger.tokens.upload('paris', server.p7m, { ...alice, appleId: 'it-admin@contoso.example' });
    await depledger.profiles.define('corp', 'paris', { name: 'Contoso corporate devices', url: mdm.url }, alice);
    await depledger.profiles.publish('corp', alice);
    await depledger.tokens.setDefaultProfile('paris', 'corp', alice);
    const serials = simulator.devices.seed({ count: 4, seed: 7 });
    simulator.portal.assignDevices(server.serverId, { serials });
    await depledger.sync.run('paris', { kind: 'full', trigger: 'manual', actor: 'admin:alice' });
    const [first, second] = serials;

    // Day 2 — two devices are handed out and switched on; the scheduled sync sees their profiles pushed.
    advance(2);
    await simulator.devices.powerOn(first);
    await simulator.devices.powerOn(second);
    await depledger.sync.run('paris', { kind: 'incremental', trigger: 'schedule', actor: 'system:schedule' });
    const enrolledBy = clock.now().toISOString();

    // Day 9 — Bob unenrolls the second device (it came back to the service desk).
    advance(7);
    await depledger.devices.unenroll(second, 'returned to the service desk', bob);

    // Day 340 — the daily expiry check warns; day 341 Bob renews with the same Apple ID.
    advance(331);
    await depledger.tokens.checkExpiry('paris');
    advance(1);
    const renewalKey = await depledger.tokens.generateKey('paris', { ...bob, renew: true }); // a new key for an active token is a renewal: said so
    const renewed = simulator.portal.renewToken(server.serverId, renewalKey.certificatePem);
    try {
      await depledger.tokens.upload('paris', renewed.p7m, { ...bob, appleId: 'bob@contoso.example' });
    } catch (error) {
      print(`Renewal with another Apple ID refused: ${error.code} (nothing recorded)`);
    }
    await depledger.tokens.upload('paris', renewed.p7m, { ...bob, appleId: 'IT-Admin@contoso.example' });
    return { store, first, second, enrolledBy, now: clock.now() };
  } finally {
    await mdm.close();
    await simulator.stop();
  }
};

/**
 * @param {{ lang?: 'fr' | 'en', print?: (line: string) => void }} options
 * @returns the device timeline, the token's history and the as-of answers, as printed
 */
export const main = async ({ lang = 'en', print = console.log } = {}) => {
  const { store, first, second, enrolledBy, now } = await playHistory(print);

  // 1. A device's history: every event of its stream, with who and when (no read model needed).
  const timeline = await deviceTimeline(store, second, { lang });
  print('');
  print(`Device ${second}: what happened, who, when`);
  for (const entry of timeline) {
    print(`  ${time(entry.occurredAt)}  ${entry.actor.padEnd(16)} ${entry.description}${entry.status ? `  → ${entry.status.label}` : ''}`);
  }

  // 2. A token's history: its stream, decoded. Personal data shows as vault references only.
  const tokenHistory = [];
  for await (const stored of store.readStream(tokenStream('paris'))) {
    const event = depledgerSerde.decode(stored);
    tokenHistory.push({ type: event.type, actor: event.metadata.actor, occurredAt: event.metadata.occurredAt });
    if (tokenHistory.length === 1) print('\nToken paris: what happened, who, when');
    print(`  ${time(event.metadata.occurredAt)}  ${event.metadata.actor.padEnd(20)} ${describeTokenEvent(event)}`);
  }

  // 3. Its sync runs, from the sync-history read model (built here from history, up to now).
  const readModels = await readModelsAsOf({ eventStore: store, projections: builtInProjections, at: { time: now } });
  print('\nSync runs of token paris');
  for (const run of (await syncHistory(readModels, 'paris', { lang })).slice().reverse()) {
    print(
      `  ${time(run.requestedAt)}  ${run.actor.padEnd(16)} ${run.kind ?? run.requested} ${run.trigger}: ${run.outcomeLabel}, ${run.counts.added} added, ${run.counts.modified} modified`,
    );
  }

  // 4. As of: the second device's status on the day it enrolled, and now; the fleet then and now.
  const then = await deviceStatusAsOf(store, second, { time: enrolledBy }, lang);
  const today = await deviceStatusAsOf(store, second, { time: now }, lang);
  const fleetThen = await fleetSummary(
    await readModelsAsOf({ eventStore: store, projections: builtInProjections, at: { time: enrolledBy } }),
    'paris',
    lang,
  );
  const fleetNow = await fleetSummary(readModels, 'paris', lang);
  const counts = (fleet) =>
    fleet.statusRows
      .filter((r) => r.count > 0)
      .map((r) => `${r.count} ${r.label}`)
      .join(', ');
  print(`\nAs of ${day(enrolledBy)}: ${second} was "${then?.statusLabel}"; today it is "${today?.statusLabel}".`);
  print(`Fleet of token paris as of ${day(enrolledBy)}: ${counts(fleetThen)}; today: ${counts(fleetNow)}.`);

  return {
    first,
    second,
    timeline,
    tokenHistory,
    asOf: { then: then?.status ?? null, today: today?.status ?? null, fleetThen: fleetThen.byStatus, fleetNow: fleetNow.byStatus },
  };
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lang = process.argv.includes('--lang') ? process.argv[process.argv.indexOf('--lang') + 1] : 'en';
  await main({ lang });
}
