import type { Label } from './lang';

/** What `depledger business …` (Apple School and Business Manager's API) says. */
const sentences = {
  'business.health.ok': { fr: 'opérationnel', en: 'ok' },
  'business.health.expiring': { fr: 'clé bientôt expirée', en: 'expiring' },
  'business.health.expired': { fr: 'clé expirée', en: 'expired' },
  'business.health.refused': { fr: 'refusé par Apple', en: 'refused' },
  'business.status': { fr: 'Compte d’API {account} ({clientId}) : {health}.', en: 'API account {account} ({clientId}): {health}.' },
  'business.refused': {
    fr: 'Attention : Apple a refusé la clé de ce compte ({code}) : reconnectez-le avec une clé valide.',
    en: "Warning: Apple refused this account's key ({code}): connect it again with a working key.",
  },
  'business.refusedCode': { fr: 'refusée', en: 'refused' },
  'business.expiryUnknown': {
    fr: 'La date d’expiration de sa clé est inconnue : indiquez --expires <date> (voir la page du compte) pour être prévenu avant.',
    en: 'Its key expiry is not known: give --expires <date> (from the account page) to be warned before it.',
  },
  'business.expired': {
    fr: 'Attention : sa clé a expiré le {day} : générez une nouvelle clé dans le portail et reconnectez le compte.',
    en: 'Warning: its key expired on {day}: generate a new key in the portal and connect again.',
  },
  'business.expiring': {
    fr: 'Attention : sa clé expire le {day}, dans {n} jour(s) : générez une nouvelle clé dans le portail et reconnectez le compte d’ici là.',
    en: 'Warning: its key expires on {day}, in {n} day(s): generate a new key in the portal and connect again before then.',
  },
  'business.expires': { fr: 'Sa clé expire le {day} (dans {n} jours).', en: 'Its key expires on {day} (in {n} days).' },
  'business.connected': {
    fr: 'Compte d’API {account} connecté : Apple liste {n} serveur(s) MDM.',
    en: 'API account {account} connected: Apple lists {n} MDM server(s).',
  },
  'business.progress': { fr: 'Activités d’Apple : {done} sur {total} terminée(s)', en: "Apple's activities: {done} of {total} finished" },
  'business.progressBar': {
    fr: 'Activités d’Apple [{bar}] {value}/{total} terminée(s)',
    en: "Apple's activities [{bar}] {value}/{total} finished",
  },
  'business.activityStatus.IN_PROGRESS': { fr: 'en cours', en: 'in progress' },
  'business.activityStatus.COMPLETED': { fr: 'terminée', en: 'completed' },
  'business.activityStatus.STOPPED': { fr: 'arrêtée', en: 'stopped' },
  'business.activityStatus.FAILED': { fr: 'en échec', en: 'failed' },
  'business.activity': {
    fr: '  activité {id} : {status} (business activity {id} --csv pour son journal)',
    en: '  activity {id}: {status} (business activity {id} --csv for its log)',
  },
  'business.assigned': {
    fr: 'Attribution {id} : {done} appareil(s) sur {total} attribué(s) à {server} chez Apple ; la prochaine synchronisation de son jeton les fait entrer.',
    en: 'Assignment {id}: {done} of {total} device(s) assigned to {server} at Apple; the next sync of its token brings them in.',
  },
  'business.migrating': {
    fr: 'Attribution {id} : {done} appareil(s) sur {total} en migration vers {server} d’ici le {deadline} ; la prochaine synchronisation de son jeton les fait entrer.',
    en: 'Assignment {id}: {done} of {total} device(s) migrating to {server} by {deadline}; the next sync of its token brings them in.',
  },
  'business.notAssigned': {
    fr: 'Non attribués (l’activité d’Apple a échoué pour eux) : {serials}',
    en: "Not assigned (Apple's activity failed for them): {serials}",
  },
  'business.unassigned': {
    fr: 'Retrait {id} : {done} appareil(s) sur {total} retiré(s) de {server} chez Apple.',
    en: 'Removal {id}: {done} of {total} device(s) unassigned from {server} at Apple.',
  },
  'business.stillOnServer': {
    fr: 'Toujours sur le serveur (l’activité d’Apple a échoué pour eux) : {serials}',
    en: "Still on the server (Apple's activity failed for them): {serials}",
  },
  'business.released': {
    fr: 'Retrait {id} : {done} appareil(s) sur {total} libéré(s) de l’organisation chez Apple.',
    en: 'Removal {id}: {done} of {total} device(s) released from the organisation at Apple.',
  },
  'business.stillInOrganisation': {
    fr: 'Toujours dans l’organisation (l’activité d’Apple a échoué pour eux) : {serials}',
    en: "Still in the organisation (Apple's activity failed for them): {serials}",
  },
  'business.deadlineMoved': {
    fr: 'Changement de migration {id} : {done} appareil(s) sur {total} migrent désormais d’ici le {deadline}.',
    en: 'Migration change {id}: {done} of {total} device(s) now migrate by {deadline}.',
  },
  'business.migrationCancelled': {
    fr: 'Changement de migration {id} : {done} migration(s) sur {total} annulée(s) ; les appareils restent sur leur ancien serveur.',
    en: 'Migration change {id}: {done} of {total} migration(s) cancelled; the devices stay with their former server.',
  },
  'business.unchanged': {
    fr: 'Inchangés (l’activité d’Apple a échoué pour eux) : {serials}',
    en: "Unchanged (Apple's activity failed for them): {serials}",
  },
  'business.noDevice': { fr: 'Apple ne liste aucun appareil dans l’organisation.', en: 'Apple lists no device in the organisation.' },
  'business.noDeviceOfOrder': { fr: 'Aucun appareil dans la commande {order}.', en: 'No device of order {order}.' },
  'business.migrationBy': { fr: '{status} d’ici le {deadline}', en: '{status} by {deadline}' },
  'business.col.order': { fr: 'COMMANDE', en: 'ORDER' },
  'business.col.situation': { fr: 'SITUATION', en: 'SITUATION' },
  'business.col.appleCare': { fr: 'APPLECARE JUSQU’AU', en: 'APPLECARE UNTIL' },
  'business.col.migration': { fr: 'MIGRATION', en: 'MIGRATION' },
  'business.col.type': { fr: 'TYPE', en: 'TYPE' },
} as const satisfies Record<string, Label>;

/** A key of the `business` commands' sentences. */
export type BusinessMessageKey = keyof typeof sentences;

/** The `business` commands' sentences, by key. */
export const businessMessages: Readonly<Record<BusinessMessageKey, Label>> = sentences;
