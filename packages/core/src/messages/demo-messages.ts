import type { Label } from './lang';

/** What the walk-through (`pnpm demo`) and `pnpm demo:console` say between the commands they run. */
const sentences = {
  'demo.step': { fr: 'Étape {n} : {title}', en: 'Step {n}: {title}' },
  'demo.title': {
    fr: 'Visite guidée de depledger : les huit étapes du document Intune, sur cette machine, face à un Apple simulé.',
    en: "depledger walk-through: the Intune document's eight steps, on this machine, against a simulated Apple.",
  },
  'demo.freshRemoved': {
    fr: 'Départ d’un stockage neuf : ce qui restait a été supprimé ({removed}).',
    en: 'Starting from a fresh store: removed the previous {removed}.',
  },
  'demo.freshNew': {
    fr: 'Départ d’un stockage neuf ({store} n’existe pas encore).',
    en: 'Starting from a fresh store ({store} does not exist yet).',
  },
  'demo.step1': { fr: 'le côté Apple, simulé', en: "Apple's side, simulated" },
  'demo.step1.say': {
    fr: 'Le service DEP d’Apple, son portail et l’API School and Business Manager tournent en local ; l’organisation possède 40 appareils, encore attribués à aucun serveur MDM.',
    en: "Apple's DEP service, its portal and the School and Business Manager API run locally; the organisation owns 40 devices, none assigned to an MDM server yet.",
  },
  'demo.simulatorListening': {
    fr: 'Simulateur Apple DEP à l’écoute sur {url} (en arrière-plan)',
    en: 'Apple DEP simulator listening on {url} (running in the background)',
  },
  'demo.checkIn': {
    fr: '  MDM ← enregistrement de {serial} : l’appareil a suivi l’Assistant de configuration avec notre profil ; le MDM le consigne :',
    en: '  MDM ← check-in from {serial}: the device ran Setup Assistant with our profile; the MDM records it:',
  },
  'demo.mdmListening': {
    fr: 'Le petit MDM de la démo écoute sur {url} : les appareils l’appellent à leur inscription.',
    en: "The demo's small MDM listens at {url}: devices call it when they enroll.",
  },
  'demo.step2': { fr: 'la clé de chiffrement (.pem)', en: 'the encryption key (.pem)' },
  'demo.step3': {
    fr: 'dans le portail d’Apple : ajouter le serveur MDM, télécharger le jeton de serveur (.p7m)',
    en: "at Apple's portal: add the MDM server, download the server token (.p7m)",
  },
  'demo.step4': { fr: 'charger le jeton de serveur avec l’identifiant Apple', en: 'upload the server token with the Apple ID' },
  'demo.step4.say': {
    fr: 'Le .p7m est déchiffré avec la clé de l’étape 2 ; ses secrets OAuth vont au coffre, jamais dans le journal d’événements.',
    en: 'The .p7m is decrypted with the key from step 2; its OAuth secrets go to the vault, never to the event log.',
  },
  'demo.step5': {
    fr: 'le profil d’inscription professionnel, choisi par défaut',
    en: 'the corporate enrollment profile, made the default',
  },
  'demo.step6': {
    fr: 'attribuer des appareils au serveur MDM, par l’API d’Apple School and Business Manager',
    en: "assign devices to the MDM server, through Apple School and Business Manager's API",
  },
  'demo.step6.say1': {
    fr: 'Au lieu du portail : les identifiants d’un compte d’API et sa clé privée (page API du portail) relient depledger à l’API ;',
    en: "Instead of the portal: an API account's ids and its private key (from the portal's API page) connect depledger to the API;",
  },
  'demo.step6.say2': {
    fr: 'la clé va au coffre. Chaque attribution est une activité d’Apple, attendue jusqu’à ce qu’elle se termine.',
    en: "the key goes to the vault. Each assignment is one of Apple's activities, waited for until it completes.",
  },
  'demo.bySerial': { fr: 'Par numéro de série :', en: 'By serial number:' },
  'demo.byOrder': {
    fr: 'Par numéro de commande ({n} appareil(s) dans la commande {order}) :',
    en: 'By order number ({n} device(s) in order {order}):',
  },
  'demo.byCsv': { fr: 'Depuis un fichier CSV ({file}) :', en: 'From a CSV file ({file}):' },
  'demo.step7': { fr: '« Synchroniser » : les appareils apparaissent comme {status}', en: '"Sync now": the devices appear as {status}' },
  'demo.secondSync': {
    fr: '\nUne deuxième synchronisation complète, aussitôt. La règle : une synchronisation complète au plus une fois tous les 7 jours ; une plus rapprochée ne rafraîchit que les changements et les numéros de série encore inconnus.',
    en: '\nA second full sync, at once. The rule: a full sync at most once every 7 days; a sooner one refreshes only what changed and serials not known yet.',
  },
  'demo.concurrent': {
    fr: '\nEt pendant une synchronisation, le bouton Synchroniser est désactivé. La démo fait patienter l’Apple simulé,\nlance une synchronisation en arrière-plan et en demande une autre :',
    en: '\nAnd while a sync runs, the Sync button is disabled. The demo has the simulated Apple hold its answers,\nstarts a sync in the background and asks for another one:',
  },
  'demo.background': { fr: '(en arrière-plan)', en: '(running in the background)' },
  'demo.refusedExit': {
    fr: '  (code de sortie 3 : refusée par les règles de synchronisation)',
    en: '  (exit code 3: refused by the sync rules)',
  },
  'demo.backgroundMeanwhile': { fr: '\nLa synchronisation en arrière-plan, pendant ce temps :', en: '\nThe background sync meanwhile:' },
  'demo.step8': {
    fr: 'distribuer les appareils : au premier démarrage, ils s’inscrivent ({status})',
    en: 'hand the devices out: at first power-on they enroll ({status})',
  },
  'demo.step8.say': {
    fr: 'Trois appareils sont allumés : chacun récupère le profil auprès d’Apple et appelle son URL d’inscription, le MDM de la démo.',
    en: "Three devices are switched on: each fetches the profile from Apple and calls its enrollment URL, the demo's MDM.",
  },
  'demo.incremental': {
    fr: '\nUne synchronisation incrémentale récupère ce qu’Apple en sait (les profils ont été envoyés), puis la liste :',
    en: "\nAn incremental sync picks up Apple's side of it (the profiles were pushed), then the list:",
  },
  'demo.stepDone': {
    fr: 'le parc, le jeton et un appareil, tels que le journal d’événements les raconte',
    en: 'the fleet, the token and one device, as the event log tells them',
  },
  'demo.events': {
    fr: '\nChaque synchronisation, et chaque demande refusée, est aussi un événement :',
    en: '\nEvery sync, and every refused request, is an event too:',
  },
  'demo.schedule1': {
    fr: '\nDésormais, les règles décident quand synchroniser : `depledger schedule --once` depuis cron (ou `depledger schedule` comme',
    en: '\nFrom here on the rules decide when to sync: `depledger schedule --once` from cron (or `depledger schedule` as a',
  },
  'demo.schedule2': {
    fr: 'service) lance les synchronisations incrémentales et complètes, les contrôles d’expiration et les nouvelles tentatives à leur échéance. Ce qui est dû, et quand :',
    en: 'service) runs the delta and full syncs, expiry checks and retries when they are due. What is due when:',
  },
  'demo.done': { fr: '\nTerminé en {seconds} s.', en: '\nDone in {seconds} s.' },
  'demo.leftBehind': {
    fr: '{left} : chaque commande suivante lit les mêmes événements, par exemple',
    en: '{left}: every later command reads the same events, e.g.',
  },
  'demo.later': {
    fr: '  node packages/cli/dist/bin.js devices        (ou `depledger devices` là où le paquet est installé)',
    en: '  node packages/cli/dist/bin.js devices        (or `depledger devices` where the package is installed)',
  },
  'demo.laterConsole': {
    fr: '  pnpm demo:console                            (la console de `depledger serve`, dans un navigateur, sur ces données)',
    en: "  pnpm demo:console -- --lang en               (`depledger serve`'s console, in a browser, on this data)",
  },
  'demo.sqliteLeft': {
    fr: './depledger.db et ./depledger.db.key restent en place',
    en: './depledger.db and ./depledger.db.key stay behind',
  },
  'demo.postgresLeft': {
    fr: 'le schéma {schema} et ./{keyFile} restent en place (avec DEPLEDGER_STORE={store})',
    en: 'the schema {schema} and ./{keyFile} stay behind (with DEPLEDGER_STORE={store})',
  },
  'demo.schema': { fr: 'schéma {schema}', en: 'schema {schema}' },
  'demo.usage': {
    fr: 'Utilisation : node packages/cli/dist/demo.js [--lang fr|en] [--store postgres://user@host:5432/db]\nRejoue les huit étapes du document Intune face à un simulateur Apple local, dans ./depledger.db (ou PostgreSQL, schéma depledger_demo).\nEnsuite, `pnpm demo:console` ouvre la console sur les mêmes données.',
    en: "Usage: node packages/cli/dist/demo.js [--lang fr|en] [--store postgres://user@host:5432/db]\nReplays the Intune document's eight steps against a local Apple simulator into ./depledger.db (or PostgreSQL, schema depledger_demo).\nThen `pnpm demo:console` opens the console on the same data.",
  },
  'demo.storeUsage': {
    fr: '--store attend une URL PostgreSQL (postgres://user@host:5432/database) ; sans elle, la démo utilise ./depledger.db.',
    en: '--store takes a PostgreSQL URL (postgres://user@host:5432/database); without it the demo uses ./depledger.db.',
  },
  'demo.langUsage': {
    fr: '--lang doit valoir fr ou en (reçu : {value}).',
    en: '--lang must be fr or en (found {value}).',
  },
  'demo.argumentUsage': {
    fr: 'argument inconnu ou incomplet : {argument} ; voir --help.',
    en: 'unknown or incomplete argument: {argument}; see --help.',
  },
  'demo.stepFailed': {
    fr: 'l’étape `depledger {command}` s’est terminée avec le code {code} (attendu : {expected}) : {output}',
    en: 'the step `depledger {command}` ended with exit code {code} (expected {expected}): {output}',
  },
  'demo.console.usage': {
    fr: 'Utilisation : node packages/cli/dist/demo-console.js [--lang fr|en] [--port 8080]\nOuvre la console de `depledger serve` sur les données laissées par `pnpm demo` (./depledger.db) : émet une clé d’API pour le navigateur, puis sert la console jusqu’à Ctrl-C.',
    en: 'Usage: node packages/cli/dist/demo-console.js [--lang fr|en] [--port 8080]\nOpens the console of `depledger serve` on the data `pnpm demo` left behind (./depledger.db): issues an API key for the browser, then serves the console until Ctrl-C.',
  },
  'demo.console.portUsage': {
    fr: '--port doit être un numéro de port de 1 à 65535 (reçu : {value}).',
    en: '--port must be a port number from 1 to 65535 (found {value}).',
  },
  'demo.console.noStore': {
    fr: 'Aucun ./depledger.db ici : lancez d’abord `pnpm demo`, qui le laisse derrière lui.',
    en: 'No ./depledger.db here: run `pnpm demo` first, it leaves one behind.',
  },
  'demo.console.signIn': {
    fr: 'La console : {url} — connectez-vous avec cette clé d’API (révocable par « depledger api-key revoke {keyId} ») :',
    en: 'The console: {url} — sign in with this API key (revoke it with “depledger api-key revoke {keyId}”):',
  },
} as const satisfies Record<string, Label>;

/** A key of the walk-through's sentences. */
export type DemoMessageKey = keyof typeof sentences;

/** The walk-through's sentences, by key. */
export const demoMessages: Readonly<Record<DemoMessageKey, Label>> = sentences;
