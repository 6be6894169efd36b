import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { statusLabel, type Lang } from '@depledger/projections';
import { chooseDevices } from './choose-devices';
import { showConcurrentSyncRefused } from './concurrent-sync';
import { createDemoShell } from './demo-shell';
import { startDemoSimulator, type DemoSimulator } from './demo-simulator';
import { postgresDemoStore, sqliteDemoStore } from './demo-store';
import { startMdmListener, type MdmListener } from './mdm-listener';
import { createNarration } from './narration';

export type DemoOptions = Readonly<{
  /** Where ./depledger.db is left (the working directory). */
  cwd: string;
  /** Status labels: French by default, as in the Intune document. */
  lang: Lang;
  /** `postgres://…` to run against PostgreSQL (schema depledger_demo unless ?schema= names one); ./depledger.db otherwise. */
  store?: string;
  write: (text: string) => void;
}>;

const token = 'paris';
const profile = 'corp';
const appleId = 'it-admin@example.com';

/**
 * The Intune document's eight steps against the simulator and ./depledger.db, driving the real
 * `depledger` binary for every administrator action and printing each command before it runs.
 */
export const runDemo = async (options: DemoOptions): Promise<void> => {
  const startedAt = Date.now();
  const say = createNarration(options.write);
  const store = options.store === undefined ? sqliteDemoStore(options.cwd) : postgresDemoStore(options.cwd, options.store);
  const sh = createDemoShell(options.cwd, say, options.lang === 'en' ? ['--lang', 'en'] : [], store.env);
  // The demo's files (.pem, .p7m, .csv) go to a new directory of its own, removed at the end.
  const filesDir = relative(options.cwd, mkdtempSync(join(options.cwd, 'depledger-demo-')));
  const file = (name: string) => join(filesDir, name);
  let simulator: DemoSimulator | undefined;
  let mdm: MdmListener | undefined;
  // Ctrl-C: stop the simulator and remove the demo's files before leaving (./depledger.db stays).
  const onInterrupt = () => {
    simulator?.kill();
    rmSync(join(options.cwd, filesDir), { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);

  say.say("depledger walk-through: the Intune document's eight steps, on this machine, against a simulated Apple.");
  const removed = await store.fresh();
  say.say(
    removed.length > 0
      ? `Starting from a fresh store: removed the previous ${removed.join(', ')}.`
      : `Starting from a fresh store (${store.description} does not exist yet).`,
  );

  try {
    say.step('1', "Apple's side, simulated", 'Commencer à gérer des appareils iOS');
    say.say(
      "Apple's DEP service, its portal and the School and Business Manager API run locally; the organisation owns 40 devices, none assigned to an MDM server yet.",
    );
    const simulatorArgs = ['simulator', '--port', '0', '--devices', '40', '--seed', '2026', '--api-key-out', file('api-key.pem'), '--json'];
    sh.show(simulatorArgs);
    simulator = await startDemoSimulator(sh.spawnArgs(simulatorArgs), options.cwd);
    const apple = simulator.url;
    say.output(`Apple DEP simulator listening on ${apple} (running in the background)`);
    const checkIns: string[] = [];
    mdm = await startMdmListener(async (serial) => {
      checkIns.push(serial);
      say.say(`  MDM ← check-in from ${serial}: the device ran Setup Assistant with our profile; the MDM records it:`);
      return (await sh.run(['enroll', serial, '--user', `user-${checkIns.length}`]).catch(() => null)) !== null;
    });
    say.say(`The demo's small MDM listens at ${mdm.enrollUrl}: devices call it when they enroll.`);

    say.step('2', 'the encryption key (.pem)', 'Obtenir une clé de chiffrement');
    await sh.run(['key', 'generate', '--token', token, '--out', file('paris.pem')]);

    say.step(
      '3',
      "at Apple's portal: add the MDM server, download the server token (.p7m)",
      "Obtenir un jeton du programme d'inscription d'appareils",
    );
    const added = await sh.run([
      'simulator',
      'portal',
      'add-server',
      '--pem',
      file('paris.pem'),
      '--out',
      file('paris.p7m'),
      '--name',
      'Paris MDM',
      '--simulator-url',
      apple,
    ]);
    const serverId = /\(([0-9A-F]{32})\)/.exec(added.stdout)?.[1];
    if (serverId === undefined) throw new Error('the portal did not say which MDM server it added');

    say.step('4', 'upload the server token with the Apple ID', 'Ajouter le jeton DEP');
    say.say('The .p7m is decrypted with the key from step 2; its OAuth secrets go to the vault, never to the event log.');
    await sh.run(['token', 'upload', '--token', token, '--file', file('paris.p7m'), '--apple-id', appleId, '--apple-url', apple]);

    say.step('5', 'the corporate enrollment profile, made the default', "Ajouter la stratégie Inscription d'appareil professionnel");
    await sh.run([
      'profile',
      'define',
      profile,
      '--token',
      token,
      '--name',
      'Contoso — appareils professionnels',
      '--description',
      'iPhone et iPad de Contoso Paris',
      '--url',
      mdm.enrollUrl,
      '--user-affinity',
      '--skip',
      'Siri',
      'Location',
      'Diagnostics',
      'Payment',
      '--department',
      'Service informatique',
      '--support-phone',
      '+33 1 23 45 67 89',
    ]);
    await sh.run(['profile', 'publish', profile, '--apple-url', apple]);
    await sh.run(['profile', 'default', profile, '--token', token]);

    say.step(
      '6',
      "assign devices to the MDM server, through Apple School and Business Manager's API",
      'Attribuer des appareils DEP pour la gestion',
    );
    const account = simulator.apiAccount;
    if (account === undefined) throw new Error('the simulator made no API account');
    say.say("Instead of the portal: an API account's ids and its private key (from the portal's API page) connect depledger to the API;");
    say.say("the key goes to the vault. Each assignment is one of Apple's activities, waited for until it completes.");
    await sh.run([
      'business',
      'connect',
      '--client-id',
      account.clientId,
      '--key-id',
      account.keyId,
      '--key',
      account.keyFile,
      '--apple-url',
      apple,
    ]);
    const choice = chooseDevices(await simulator.devices());
    say.say('By serial number:');
    await sh.run(['business', 'assign', '--server', serverId, '--serials', choice.bySerial.join(','), '--apple-url', apple]);
    say.say(`By order number (${choice.orderSize} device${choice.orderSize === 1 ? '' : 's'} in order ${choice.order}):`);
    await sh.run(['business', 'assign', '--server', serverId, '--order', choice.order, '--apple-url', apple]);
    writeFileSync(
      join(options.cwd, file('devices.csv')),
      `serial_number,note\n${choice.byCsv.map((s) => `${s},salle de réunion`).join('\n')}\n`,
    );
    say.say(`From a CSV file (${file('devices.csv')}):`);
    await sh.run(['business', 'assign', '--server', serverId, '--csv', file('devices.csv'), '--apple-url', apple]);

    say.step(
      '7',
      `"Sync now": the devices appear as ${statusLabel('not_contacted', options.lang)}`,
      'Synchroniser les appareils gérés par le programme DEP',
    );
    await sh.run(['sync', '--token', token, '--full', '--apple-url', apple]);
    await sh.run(['devices', '--token', token]);
    say.say(
      '\nA second full sync, at once. The rule: a full sync at most once every 7 days; a sooner one refreshes only what changed and serials not known yet.',
    );
    await sh.run(['sync', '--token', token, '--full', '--apple-url', apple]);
    await showConcurrentSyncRefused({ store, tokenId: token, sh, say, simulator });

    say.step(
      '8',
      `hand the devices out: at first power-on they enroll (${statusLabel('enrolled', options.lang)})`,
      'Distribuer des appareils aux utilisateurs',
    );
    say.say("Three devices are switched on: each fetches the profile from Apple and calls its enrollment URL, the demo's MDM.");
    await sh.run(['simulator', 'power-on', ...choice.bySerial, '--simulator-url', apple]);
    say.say("\nAn incremental sync picks up Apple's side of it (the profiles were pushed), then the list:");
    await sh.run(['sync', '--token', token, '--apple-url', apple]);
    await sh.run(['devices', '--token', token]);

    say.step('✓', 'the fleet, the token and one device, as the event log tells them', 'Afficher les appareils gérés par DEP');
    await sh.run(['summary', '--token', token]);
    await sh.run(['tokens']);
    say.say('\nEvery sync, and every refused request, is an event too:');
    await sh.run(['syncs', '--token', token]);
    await sh.run(['history', choice.bySerial[0] as string]);
    say.say('\nFrom here on the rules decide when to sync: `depledger schedule --once` from cron (or `depledger schedule` as a');
    say.say('service) runs the delta and full syncs, expiry checks and retries when they are due. What is due when:');
    await sh.run(['schedule', '--plan']);

    say.say(`\nDone in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
    say.say(`${store.leftBehind}: every later command reads the same events, e.g.`);
    say.say('  node packages/cli/dist/bin.js devices        (or `depledger devices` where the package is installed)');
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await mdm?.close();
    await simulator?.stop();
    rmSync(join(options.cwd, filesDir), { recursive: true, force: true });
  }
};
