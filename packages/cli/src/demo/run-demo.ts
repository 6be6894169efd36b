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
  const say = createNarration(options.write, options.lang);
  const t = say.t;
  const store =
    options.store === undefined ? sqliteDemoStore(options.cwd, options.lang) : postgresDemoStore(options.cwd, options.store, options.lang);
  // every command speaks the demo's language, whatever DEPLEDGER_LANG the shell has (shown as --lang en in English)
  const childEnv = { ...store.env, DEPLEDGER_LANG: options.lang };
  const sh = createDemoShell(options.cwd, say, options.lang === 'en' ? ['--lang', 'en'] : [], childEnv);
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

  say.say(t('demo.title'));
  const removed = await store.fresh();
  say.say(removed.length > 0 ? t('demo.freshRemoved', { removed: removed.join(', ') }) : t('demo.freshNew', { store: store.description }));

  try {
    say.step('1', t('demo.step1'), 'Commencer à gérer des appareils iOS');
    say.say(t('demo.step1.say'));
    const simulatorArgs = ['simulator', '--port', '0', '--devices', '40', '--seed', '2026', '--api-key-out', file('api-key.pem'), '--json'];
    sh.show(simulatorArgs);
    simulator = await startDemoSimulator(sh.spawnArgs(simulatorArgs), options.cwd, childEnv);
    const apple = simulator.url;
    say.output(t('demo.simulatorListening', { url: apple }));
    const checkIns: string[] = [];
    mdm = await startMdmListener(async (serial) => {
      checkIns.push(serial);
      say.say(t('demo.checkIn', { serial }));
      return (await sh.run(['enroll', serial, '--user', `user-${checkIns.length}`]).catch(() => null)) !== null;
    });
    say.say(t('demo.mdmListening', { url: mdm.enrollUrl }));

    say.step('2', t('demo.step2'), 'Obtenir une clé de chiffrement');
    await sh.run(['key', 'generate', '--token', token, '--out', file('paris.pem')]);

    say.step('3', t('demo.step3'), "Obtenir un jeton du programme d'inscription d'appareils");
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

    say.step('4', t('demo.step4'), 'Ajouter le jeton DEP');
    say.say(t('demo.step4.say'));
    await sh.run(['token', 'upload', '--token', token, '--file', file('paris.p7m'), '--apple-id', appleId, '--apple-url', apple]);

    say.step('5', t('demo.step5'), "Ajouter la stratégie Inscription d'appareil professionnel");
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

    say.step('6', t('demo.step6'), 'Attribuer des appareils DEP pour la gestion');
    const account = simulator.apiAccount;
    if (account === undefined) throw new Error('the simulator made no API account');
    say.say(t('demo.step6.say1'));
    say.say(t('demo.step6.say2'));
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
    say.say(t('demo.bySerial'));
    await sh.run(['business', 'assign', '--server', serverId, '--serials', choice.bySerial.join(','), '--apple-url', apple]);
    say.say(t('demo.byOrder', { n: choice.orderSize, order: choice.order }));
    await sh.run(['business', 'assign', '--server', serverId, '--order', choice.order, '--apple-url', apple]);
    writeFileSync(
      join(options.cwd, file('devices.csv')),
      `serial_number,note\n${choice.byCsv.map((s) => `${s},salle de réunion`).join('\n')}\n`,
    );
    say.say(t('demo.byCsv', { file: file('devices.csv') }));
    await sh.run(['business', 'assign', '--server', serverId, '--csv', file('devices.csv'), '--apple-url', apple]);

    say.step(
      '7',
      t('demo.step7', { status: statusLabel('not_contacted', options.lang) }),
      'Synchroniser les appareils gérés par le programme DEP',
    );
    await sh.run(['sync', '--token', token, '--full', '--apple-url', apple]);
    await sh.run(['devices', '--token', token]);
    say.say(t('demo.secondSync'));
    await sh.run(['sync', '--token', token, '--full', '--apple-url', apple]);
    await showConcurrentSyncRefused({ store, tokenId: token, sh, say, simulator });

    say.step('8', t('demo.step8', { status: statusLabel('enrolled', options.lang) }), 'Distribuer des appareils aux utilisateurs');
    say.say(t('demo.step8.say'));
    await sh.run(['simulator', 'power-on', ...choice.bySerial, '--simulator-url', apple]);
    say.say(t('demo.incremental'));
    await sh.run(['sync', '--token', token, '--apple-url', apple]);
    await sh.run(['devices', '--token', token]);

    say.step('✓', t('demo.stepDone'), 'Afficher les appareils gérés par DEP');
    await sh.run(['summary', '--token', token]);
    await sh.run(['tokens']);
    say.say(t('demo.events'));
    await sh.run(['syncs', '--token', token]);
    await sh.run(['history', choice.bySerial[0] as string]);
    say.say(t('demo.schedule1'));
    say.say(t('demo.schedule2'));
    await sh.run(['schedule', '--plan']);

    say.say(t('demo.done', { seconds: ((Date.now() - startedAt) / 1000).toFixed(1) }));
    say.say(t('demo.leftBehind', { left: store.leftBehind }));
    say.say(t('demo.later'));
    say.say(t('demo.laterConsole'));
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await mdm?.close();
    await simulator?.stop();
    rmSync(join(options.cwd, filesDir), { recursive: true, force: true });
  }
};
