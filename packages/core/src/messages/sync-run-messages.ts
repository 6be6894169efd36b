import type { Label } from './lang';

/**
 * What `depledger sync` and `depledger schedule` say about a run. A count's sentence comes in two
 * forms, `.one` and `.other`, chosen by each language's rule (`pluralForm`).
 */
const sentences = {
  'sync.refused': { fr: 'Synchronisation refusée pour {token} : {label} ({reason}).', en: 'Sync refused for {token}: {label} ({reason}).' },
  'sync.retryAt': { fr: '  Réessayer après {date} ({when}).', en: '  Retry after {date} ({when}).' },
  'sync.retryUseless': {
    fr: '  Réessayer ne servira à rien tant que le jeton n’est pas réparé (voir `depledger tokens`).',
    en: '  Retrying will not help until the token is fixed (see `depledger tokens`).',
  },
  'sync.ran': {
    fr: 'Synchronisation {status} pour {token} : {kind}, {pages}, {fromApple} en {elapsed}.',
    en: 'Sync {status} for {token}: {kind} run, {pages}, {fromApple} in {elapsed}.',
  },
  'sync.pages.one': { fr: '{n} page', en: '{n} page' },
  'sync.pages.other': { fr: '{n} pages', en: '{n} pages' },
  'sync.devicesFromApple.one': { fr: '{n} appareil reçu d’Apple', en: '{n} device from Apple' },
  'sync.devicesFromApple.other': { fr: '{n} appareils reçus d’Apple', en: '{n} devices from Apple' },
  'sync.thenRecords.one': {
    fr: ', puis {n} enregistrement de la passe de synchronisation',
    en: ', then {n} record from the sync pass',
  },
  'sync.thenRecords.other': {
    fr: ', puis {n} enregistrements de la passe de synchronisation',
    en: ', then {n} records from the sync pass',
  },
  'sync.feedRecords.one': { fr: '{n} enregistrement du flux de synchronisation d’Apple', en: "{n} record from Apple's sync feed" },
  'sync.feedRecords.other': { fr: '{n} enregistrements du flux de synchronisation d’Apple', en: "{n} records from Apple's sync feed" },
  'sync.counts': {
    fr: '  {added} ajouté(s), {modified} modifié(s), {released} retiré(s), {unchanged} inchangé(s).',
    en: '  {added} added, {modified} modified, {released} released, {unchanged} unchanged.',
  },
  'sync.downgraded': {
    fr: '  Synchronisation complète demandée ; incrémentale exécutée : une synchronisation complète a lieu au plus une fois tous les {interval}, une plus rapprochée ne rafraîchit que les changements et les numéros de série encore inconnus.',
    en: '  Asked for a full sync; ran incremental: a full sync runs at most once every {interval}, a sooner one refreshes only what changed and serials not known yet.',
  },
  'sync.nextFull': {
    fr: '  Prochaine synchronisation complète permise le {date} ({when}).',
    en: '  Next full sync allowed {date} ({when}).',
  },
  'sync.assignments': {
    fr: '  Profils (règles de routage, profil par défaut) : {sent} envoyé(s), {assigned} attribué(s), {failed} en échec, {throttled} limité(s) par Apple, {notAccessible} inaccessible(s).',
    en: '  Profiles (routing rules, default profile): {sent} sent, {assigned} assigned, {failed} failed, {throttled} throttled, {notAccessible} not accessible.',
  },
  'sync.noDefaultProfile': {
    fr: '  Les nouveaux appareils n’ont reçu aucun profil : le jeton n’a pas de profil par défaut (depledger profile default).',
    en: '  New devices got no profile: the token has no default profile (depledger profile default).',
  },
  'sync.defaultNotPublished': {
    fr: '  Les nouveaux appareils n’ont reçu aucun profil : le profil par défaut n’est pas publié (depledger profile publish).',
    en: '  New devices got no profile: the default profile is not published (depledger profile publish).',
  },
  'sync.ruleProfileNotPublished': {
    fr: '  Des appareils n’ont reçu aucun profil : une règle de routage désigne un profil non publié ou retiré (depledger profile rules).',
    en: '  Some devices got no profile: a routing rule names a profile that is not published or is retired (depledger profile rules).',
  },
  'sync.releasedByAbsence.one': {
    fr: '  {n} appareil qu’Apple ne signale plus a été retiré.',
    en: '  {n} device no longer reported by Apple released.',
  },
  'sync.releasedByAbsence.other': {
    fr: '  {n} appareils qu’Apple ne signale plus ont été retirés.',
    en: '  {n} devices no longer reported by Apple released.',
  },
  'sync.retries': {
    fr: '  Nouvelles tentatives dues : {sent} envoyée(s), {assigned} attribuée(s).',
    en: '  Retries due: {sent} sent, {assigned} assigned.',
  },
  'sync.resumes': {
    fr: '  La prochaine synchronisation reprend à la dernière page enregistrée.',
    en: '  The next run resumes from the last recorded page.',
  },
  'sync.now': { fr: 'maintenant', en: 'now' },
  'sync.inMinutes': { fr: 'dans {n} min', en: 'in {n} min' },
  'sync.inHours': { fr: 'dans {n} h', en: 'in {n} h' },
  'sync.inDays': { fr: 'dans {n} jours', en: 'in {n} days' },
  'sync.days.one': { fr: '{n} jour', en: '{n} day' },
  'sync.days.other': { fr: '{n} jours', en: '{n} days' },
  'sync.hours.one': { fr: '{n} heure', en: '{n} hour' },
  'sync.hours.other': { fr: '{n} heures', en: '{n} hours' },
  'sync.minutes.one': { fr: '{n} minute', en: '{n} minute' },
  'sync.minutes.other': { fr: '{n} minutes', en: '{n} minutes' },
  'sync.seconds.one': { fr: '{n} seconde', en: '{n} second' },
  'sync.seconds.other': { fr: '{n} secondes', en: '{n} seconds' },
  'sync.status.completed': { fr: 'terminée', en: 'completed' },
  'sync.status.failed': { fr: 'en échec', en: 'failed' },
  'sync.status.timed_out': { fr: 'hors délai', en: 'timed out' },
  'sync.kind.full': { fr: 'complète', en: 'full' },
  'sync.kind.incremental': { fr: 'incrémentale', en: 'incremental' },
  'sync.token_not_active': { fr: 'le jeton n’est pas actif', en: 'token not active' },
  'sync.token_expired': { fr: 'le jeton a expiré', en: 'token expired' },
  'sync.token_rejected': { fr: 'le jeton est refusé par Apple', en: 'token rejected' },
  'sync.run_id_already_used': {
    fr: 'cet identifiant de synchronisation a déjà servi',
    en: 'this run id was used already',
  },
} as const satisfies Record<string, Label>;

/** A key of the sync run's sentences. */
export type SyncRunMessageKey = keyof typeof sentences;

/** The sync run's sentences, by key. */
export const syncRunMessages: Readonly<Record<SyncRunMessageKey, Label>> = sentences;
