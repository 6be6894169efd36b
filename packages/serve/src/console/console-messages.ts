import { setupAssistantPanes } from '@depledger/core';
import {
  deviceStatusCodes,
  statusLabel,
  syncOutcomeLabel,
  syncRefusalLabel,
  tokenHealthCodes,
  tokenHealthLabel,
  type Label,
  type Lang,
  type SyncRunOutcome,
} from '@depledger/projections';

/**
 * Every sentence the console shows, in French and in English. The status, health and outcome
 * labels are the projections' own (the ones the API and the CLI answer with), so a device is
 * "Inscrit" in the same words everywhere.
 */
const sentences = {
  'app.title': { fr: 'Console depledger', en: 'depledger console' },
  'app.skip': { fr: 'Aller au contenu', en: 'Skip to content' },
  'nav.label': { fr: 'Sections', en: 'Sections' },
  'nav.tokens': { fr: 'Jetons', en: 'Tokens' },
  'nav.profiles': { fr: 'Profils', en: 'Profiles' },
  'nav.devices': { fr: 'Appareils', en: 'Devices' },
  'nav.syncs': { fr: 'Synchronisations', en: 'Syncs' },
  'lang.other': { fr: 'English', en: 'Français' },
  'lang.switch': { fr: 'Switch to English', en: 'Passer en français' },
  'login.title': { fr: 'Connexion', en: 'Sign in' },
  'login.key': { fr: 'Clé d’API', en: 'API key' },
  'login.hint': {
    fr: 'Une clé créée par « depledger api-key create ». Elle reste dans cet onglet et disparaît à sa fermeture.',
    en: 'A key made by “depledger api-key create”. It stays in this tab and is forgotten when the tab closes.',
  },
  'login.submit': { fr: 'Se connecter', en: 'Sign in' },
  'login.readOnly': { fr: 'Clé en lecture seule : les actions sont désactivées.', en: 'Read-only key: actions are disabled.' },
  logout: { fr: 'Se déconnecter', en: 'Sign out' },
  'common.loading': { fr: 'Chargement…', en: 'Loading…' },
  'common.none': { fr: 'Aucun', en: 'None' },
  'common.never': { fr: 'Jamais', en: 'Never' },
  'common.save': { fr: 'Enregistrer', en: 'Save' },
  'common.error': { fr: 'Erreur', en: 'Error' },
  'common.done': { fr: 'Enregistré.', en: 'Saved.' },
  'tokens.title': { fr: 'Jetons de serveur', en: 'Server tokens' },
  'tokens.empty': { fr: 'Aucun jeton : créez-en un en générant sa clé.', en: 'No token yet: create one by generating its key.' },
  'tokens.token': { fr: 'Jeton', en: 'Token' },
  'tokens.health': { fr: 'État', en: 'Health' },
  'tokens.server': { fr: 'Serveur MDM chez Apple', en: 'MDM server at Apple' },
  'tokens.expires': { fr: 'Expire le', en: 'Expires on' },
  'tokens.daysLeft': { fr: '{n} jour(s) restant(s)', en: '{n} day(s) left' },
  'tokens.lastSync': { fr: 'Dernière synchronisation', en: 'Last sync' },
  'tokens.nextFull': { fr: 'Prochaine synchronisation complète permise', en: 'Next full sync allowed' },
  'tokens.defaultProfile': { fr: 'Profil par défaut', en: 'Default profile' },
  'tokens.guidance.terms_not_signed': {
    fr: 'Apple attend l’acceptation de nouvelles conditions : un administrateur doit les accepter dans Apple Business Manager, puis vérifier le compte.',
    en: 'Apple is waiting for new terms to be accepted: an administrator must accept them in Apple Business Manager, then check the account.',
  },
  'tokens.guidance.expiring': {
    fr: 'Renouvelez avant l’expiration : générez une nouvelle clé, téléchargez le .pem, obtenez un nouveau .p7m chez Apple avec le même identifiant Apple, puis chargez-le.',
    en: 'Renew before it expires: generate a new key, download the .pem, get a new .p7m from Apple with the same Apple ID, then upload it.',
  },
  'tokens.guidance.expired': {
    fr: 'Le jeton a expiré : renouvelez-le (nouvelle clé, nouveau .p7m avec le même identifiant Apple).',
    en: 'The token has expired: renew it (a new key, a new .p7m with the same Apple ID).',
  },
  'tokens.guidance.rejected': {
    fr: 'Apple refuse ce jeton : téléchargez un nouveau .p7m pour ce serveur MDM.',
    en: 'Apple refuses this token: download a new .p7m for this MDM server.',
  },
  'tokens.guidance.awaiting_upload': {
    fr: 'Téléchargez le .pem, ajoutez un serveur MDM chez Apple avec ce fichier, puis chargez le .p7m qu’Apple vous donne.',
    en: 'Download the .pem, add an MDM server at Apple with it, then upload the .p7m Apple gives you.',
  },
  'tokens.newToken': { fr: 'Nouveau jeton', en: 'New token' },
  'tokens.tokenId': { fr: 'Identifiant du jeton', en: 'Token id' },
  'tokens.generateKey': { fr: 'Générer la clé de chiffrement', en: 'Generate the encryption key' },
  'tokens.downloadPem': { fr: 'Télécharger la clé publique (.pem)', en: 'Download the public key (.pem)' },
  'tokens.upload': { fr: 'Charger le jeton de serveur (.p7m)', en: 'Upload the server token (.p7m)' },
  'tokens.appleId': { fr: 'Identifiant Apple utilisé chez Apple', en: 'Apple ID used at Apple' },
  'tokens.file': { fr: 'Fichier .p7m', en: '.p7m file' },
  'tokens.uploaded': { fr: 'Jeton chargé ; expire le {date}.', en: 'Token uploaded; it expires on {date}.' },
  'profiles.title': { fr: 'Profils d’inscription', en: 'Enrollment profiles' },
  'profiles.empty': { fr: 'Aucun profil.', en: 'No profile yet.' },
  'profiles.define': { fr: 'Définir un profil', en: 'Define a profile' },
  'profiles.profileId': { fr: 'Identifiant du profil', en: 'Profile id' },
  'profiles.token': { fr: 'Jeton', en: 'Token' },
  'profiles.name': { fr: 'Nom affiché sur l’appareil', en: 'Name shown on the device' },
  'profiles.url': { fr: 'URL d’inscription du MDM', en: 'MDM enrollment URL' },
  'profiles.userAffinity': { fr: 'Affinité utilisateur', en: 'User affinity' },
  'profiles.supervised': { fr: 'Supervisé', en: 'Supervised' },
  'profiles.skip': { fr: 'Écrans de l’Assistant réglages à passer', en: 'Setup Assistant panes to skip' },
  'profiles.submit': { fr: 'Définir', en: 'Define' },
  'profiles.status': { fr: 'État', en: 'Status' },
  'profiles.version': { fr: 'Version', en: 'Version' },
  'profiles.publish': { fr: 'Publier chez Apple', en: 'Publish at Apple' },
  'profiles.makeDefault': { fr: 'Profil par défaut', en: 'Make default' },
  'profiles.isDefault': { fr: 'Par défaut', en: 'Default' },
  'profiles.status.draft': { fr: 'Brouillon', en: 'Draft' },
  'profiles.status.published': { fr: 'Publié', en: 'Published' },
  'profiles.status.retired': { fr: 'Retiré', en: 'Retired' },
  'devices.title': { fr: 'Tous les appareils de l’entreprise', en: 'All corporate devices' },
  'devices.search': { fr: 'Numéro de série commençant par', en: 'Serial number beginning with' },
  'devices.status': { fr: 'État', en: 'Status' },
  'devices.anyStatus': { fr: 'Tous les états', en: 'Any status' },
  'devices.model': { fr: 'Modèle', en: 'Model' },
  'devices.profile': { fr: 'Profil', en: 'Profile' },
  'devices.filter': { fr: 'Filtrer', en: 'Filter' },
  'devices.serial': { fr: 'Numéro de série', en: 'Serial number' },
  'devices.since': { fr: 'Depuis', en: 'Since' },
  'devices.empty': { fr: 'Aucun appareil ne correspond.', en: 'No device matches.' },
  'devices.previous': { fr: 'Page précédente', en: 'Previous page' },
  'devices.next': { fr: 'Page suivante', en: 'Next page' },
  'devices.page': { fr: 'Page {n}', en: 'Page {n}' },
  'devices.timeline': { fr: 'Historique de {serial}', en: 'Timeline of {serial}' },
  'devices.back': { fr: 'Retour aux appareils', en: 'Back to the devices' },
  'devices.when': { fr: 'Quand', en: 'When' },
  'devices.what': { fr: 'Quoi', en: 'What' },
  'devices.who': { fr: 'Par', en: 'By' },
  'syncs.title': { fr: 'Synchronisations', en: 'Syncs' },
  'syncs.syncNow': { fr: 'Synchroniser', en: 'Sync now' },
  'syncs.running': {
    fr: 'Synchronisation en cours depuis {started} : {pages} page(s), {devices} appareil(s) reçu(s). La règle lui laisse jusqu’à {deadline}.',
    en: 'Sync running since {started}: {pages} page(s), {devices} device(s) received. The rule allows it until {deadline}.',
  },
  'syncs.idle': { fr: 'Aucune synchronisation en cours.', en: 'No sync running.' },
  'syncs.history': { fr: 'Historique', en: 'History' },
  'syncs.requestedAt': { fr: 'Demandée le', en: 'Requested' },
  'syncs.kind': { fr: 'Type', en: 'Kind' },
  'syncs.kind.full': { fr: 'complète', en: 'full' },
  'syncs.kind.incremental': { fr: 'incrémentale', en: 'incremental' },
  'syncs.outcome': { fr: 'Résultat', en: 'Outcome' },
  'syncs.devices': { fr: 'Appareils', en: 'Devices' },
  'syncs.by': { fr: 'Par', en: 'By' },
  'syncs.retryAt': { fr: 'réessayer après {date}', en: 'try again after {date}' },
  'syncs.counts': {
    fr: '{added} ajouté(s), {modified} modifié(s), {released} retiré(s)',
    en: '{added} added, {modified} modified, {released} released',
  },
  'syncs.started': { fr: 'Synchronisation lancée.', en: 'Sync started.' },
  'syncs.empty': { fr: 'Aucune synchronisation.', en: 'No sync yet.' },
  'errors.INVALID_INPUT': { fr: 'Valeur refusée ; rien n’a été enregistré', en: 'Value refused; nothing was recorded' },
  'errors.API_KEY_INVALID': {
    fr: 'Cette clé d’API n’est pas valide (inconnue, révoquée ou mal recopiée)',
    en: 'This API key is not valid (unknown, revoked or mistyped)',
  },
  'errors.API_KEY_MISSING': { fr: 'Saisissez une clé d’API', en: 'Enter an API key' },
  'errors.API_KEY_SCOPE': { fr: 'Cette clé ne permet que la lecture', en: 'This key can only read' },
  'errors.SYNC_REFUSED': { fr: 'Synchronisation refusée par les règles', en: 'Sync refused by the rules' },
  'errors.UNSUPPORTED_MEDIA_TYPE': { fr: 'Choisissez le fichier .p7m', en: 'Choose the .p7m file' },
} as const satisfies Record<string, Label>;

/** A key of the console's catalogue. */
export type ConsoleMessageKey = keyof typeof sentences;

const labelled = (prefix: string, codes: readonly string[], label: (code: string) => Label): Record<string, Label> =>
  Object.fromEntries(codes.map((code) => [`${prefix}.${code}`, label(code)]));

const both = (label: (lang: Lang) => string): Label => ({ fr: label('fr'), en: label('en') });

const outcomes: readonly SyncRunOutcome[] = ['running', 'completed', 'stopped_on_repeating_cursor', 'failed', 'timed_out', 'refused'];

/** The whole catalogue, one language per column: the console's sentences and the projections' labels. */
export const consoleCatalogue: Readonly<Record<string, Label>> = {
  ...sentences,
  ...labelled('status', deviceStatusCodes, (code) => both((lang) => statusLabel(code as (typeof deviceStatusCodes)[number], lang))),
  ...labelled('health', tokenHealthCodes, (code) => both((lang) => tokenHealthLabel(code as (typeof tokenHealthCodes)[number], lang))),
  ...labelled('outcome', outcomes, (code) => both((lang) => syncOutcomeLabel(code as SyncRunOutcome, lang))),
  ...labelled('refusal', ['run_in_progress', 'too_soon'], (code) =>
    both((lang) => syncRefusalLabel(code as 'run_in_progress' | 'too_soon', lang)),
  ),
};

/** The catalogue in one language, as the console's script receives it. */
export const consoleMessages = (lang: Lang): Record<string, string> =>
  Object.fromEntries(Object.entries(consoleCatalogue).map(([key, label]) => [key, label[lang]]));

/** The Setup Assistant panes a profile can skip, for the profile form's checkboxes. */
export const consolePanes: readonly string[] = setupAssistantPanes;
