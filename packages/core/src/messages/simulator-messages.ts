import type { Label } from './lang';

/** What `depledger simulator …` (Apple's DEP service and portal on this machine) says. */
const sentences = {
  'simulator.listening': { fr: 'Simulateur Apple DEP à l’écoute sur {url}', en: 'Apple DEP simulator listening on {url}' },
  'simulator.inventory': {
    fr: '  inventaire : {devices} appareils dans {orders} commandes, attribués à aucun serveur MDM pour l’instant',
    en: '  inventory: {devices} devices in {orders} orders, not assigned to any MDM server yet',
  },
  'simulator.readyServer': {
    fr: '  serveur MDM tout prêt « {name} » ({id}), identifiants OAuth pour les clients DEP qui les prennent tels quels :',
    en: '  ready-made MDM server "{name}" ({id}), OAuth credentials for raw DEP clients:',
  },
  'simulator.apiAccount': {
    fr: '  compte d’API School and Business Manager (clé dans {file}) :',
    en: '  School and Business Manager API account (key in {file}):',
  },
  'simulator.urls': {
    fr: '  depledger : --apple-url {url} ; actions du portail : depledger simulator portal … --simulator-url {url}',
    en: '  depledger: --apple-url {url}; portal actions: depledger simulator portal … --simulator-url {url}',
  },
  'simulator.stop': { fr: 'Ctrl-C pour l’arrêter.', en: 'Ctrl-C stops it.' },
  'simulator.serverAdded': {
    fr: 'Serveur MDM « {name} » ajouté ({id}) ; son jeton de serveur est dans {file}.',
    en: 'MDM server "{name}" added ({id}); its server token is in {file}.',
  },
  'simulator.serverAddedNext': {
    fr: 'Ensuite : depledger token upload --token <id> --file {file} --apple-id <votre identifiant Apple>',
    en: 'Next: depledger token upload --token <id> --file {file} --apple-id <your Apple ID>',
  },
  'simulator.renewed': {
    fr: 'Nouveau jeton de serveur pour « {name} » ({id}) dans {file} ; le précédent ne fonctionne plus.',
    en: 'New server token for "{name}" ({id}) in {file}; the previous one no longer works.',
  },
  'simulator.assigned': {
    fr: '{assigned} appareil(s) attribué(s) à {server}, {unchanged} déjà attribué(s), {unknown} inconnu(s).',
    en: '{assigned} device(s) assigned to {server}, {unchanged} already there, {unknown} unknown.',
  },
  'simulator.unknown': { fr: '  inconnus : {serials}', en: '  unknown: {serials}' },
  'simulator.col.devices': { fr: 'APPAREILS', en: 'DEVICES' },
  'simulator.col.order': { fr: 'COMMANDE', en: 'ORDER' },
  'simulator.powerOn.noProfile': {
    fr: '{serial} : aucun profil attribué, l’Assistant de configuration s’exécute sans inscription',
    en: '{serial}: no profile assigned, Setup Assistant runs without enrollment',
  },
  'simulator.powerOn.unreachable': {
    fr: '{serial} : profil récupéré, mais l’URL d’inscription est injoignable ({error})',
    en: '{serial}: profile fetched, but the enrollment URL could not be reached ({error})',
  },
  'simulator.powerOn.answered': {
    fr: '{serial} : profil récupéré, l’URL d’inscription a répondu {status}',
    en: '{serial}: profile fetched, enrollment URL answered {status}',
  },
} as const satisfies Record<string, Label>;

/** A key of the `simulator` commands' sentences. */
export type SimulatorMessageKey = keyof typeof sentences;

/** The `simulator` commands' sentences, by key. */
export const simulatorMessages: Readonly<Record<SimulatorMessageKey, Label>> = sentences;
