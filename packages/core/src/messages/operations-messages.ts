import type { Label } from './lang';

/**
 * What the other administrator commands say: routing rules, the vault, `serve`, Activation Lock,
 * account-driven enrollment, the enrollment check, and the warnings any command may print.
 */
const sentences = {
  'rules.rule': { fr: '{n}. {when} → {profile}', en: '{n}. {when} → {profile}' },
  'rules.note': { fr: '  ({note})', en: '  ({note})' },
  'rules.otherDevices': { fr: '{n}. tout autre appareil → {profile}', en: '{n}. every other device → {profile}' },
  'rules.noProfile': { fr: 'aucun profil (pas de profil par défaut)', en: 'no profile (no default profile)' },
  'route.col.why': { fr: 'POURQUOI', en: 'WHY' },
  'route.rule': { fr: 'règle {n}{note} : {why}', en: 'rule {n}{note}: {why}' },
  'route.everyDevice': { fr: 'vaut pour tout appareil', en: 'matches every device' },
  'route.default': { fr: 'aucune règle ne correspond : le profil par défaut du jeton', en: "no rule matched: the token's default profile" },
  'route.none': {
    fr: 'aucune règle ne correspond et le jeton n’a pas de profil par défaut',
    en: 'no rule matched and the token has no default profile',
  },
  'route.family': { fr: 'famille', en: 'family' },
  'route.os': { fr: 'système', en: 'os' },
  'route.model': { fr: 'modèle', en: 'model' },
  'route.orderNumber': { fr: 'commande', en: 'order number' },
  'route.serial': { fr: 'numéro de série', en: 'serial' },
  'vault.rotatedFile': {
    fr: 'Clé du coffre remplacée : {file} contient la nouvelle clé ; l’ancienne n’existe plus. Sauvegardez la nouvelle à l’écart de la base, et donnez-la à chaque autre nœud.',
    en: 'Vault key replaced: {file} holds the new key; the old key is gone. Back the new one up apart from the database, and give it to every other node.',
  },
  'vault.rotatedEnv': {
    fr: 'Clé du coffre remplacée. Mettez dès maintenant la clé de {variable} dans DEPLEDGER_VAULT_KEY : l’ancienne n’ouvre plus le coffre (sur aucun nœud).',
    en: 'Vault key replaced. Put the key from {variable} in DEPLEDGER_VAULT_KEY now: the old key no longer opens the vault (on every node).',
  },
  'vault.erasurePending': {
    fr: 'avertissement VAULT_ERASURE_PENDING : {n} valeur(s) oubliée(s) par cette commande peuvent encore se trouver dans le fichier -wal de la base, car un autre processus la lit ; elles en sortent une fois ce processus terminé et la base rouverte.',
    en: "warning VAULT_ERASURE_PENDING: {n} value(s) this command forgot may still be in the database's -wal file, because another process is reading it; they leave it once that process is done and the database is next opened.",
  },
  'tenant.forgotten': {
    fr: 'Locataire {tenant} oublié : sa clé de coffre est détruite (entrées du coffre effacées : {n}). Ses événements restent (TenantForgotten enregistré).',
    en: 'Tenant {tenant} forgotten: its vault key is destroyed (vault entries erased: {n}). Its events stay (TenantForgotten recorded).',
  },
  'tenant.alreadyForgotten': {
    fr: 'Le locataire {tenant} a déjà été oublié ({at}) : rien n’a changé.',
    en: 'Tenant {tenant} was forgotten already ({at}): nothing changed.',
  },
  'tenant.none': { fr: 'Aucun locataire nommé dans ce stockage.', en: 'No named tenant in this store.' },
  'tenant.col.tenant': { fr: 'LOCATAIRE', en: 'TENANT' },
  'tenant.col.entries': { fr: 'ENTRÉES DU COFFRE', en: 'VAULT ENTRIES' },
  'tenant.col.forgotten': { fr: 'OUBLIÉ LE', en: 'FORGOTTEN AT' },
  'serve.listening': {
    fr: 'depledger serve à l’écoute sur {url} ({store}) ; OpenAPI sur {url}/openapi.json. Ctrl-C pour arrêter.',
    en: 'depledger serve listening on {url} ({store}); OpenAPI at {url}/openapi.json. Ctrl-C to stop.',
  },
  'serve.stopped': { fr: 'Arrêté ({signal}).', en: 'Stopped ({signal}).' },
  'serve.requestFailed': { fr: 'depledger serve : une requête a échoué : {name}', en: 'depledger serve: a request failed: {name}' },
  'sync.readModelsBehind.before': {
    fr: 'avertissement : les modèles de lecture n’ont pas pu être mis à jour avant la synchronisation ({error}) ; la prochaine commande les rattrape.',
    en: 'warning: the read models could not be brought up to date before the sync ({error}); the next command catches them up.',
  },
  'sync.readModelsBehind.after': {
    fr: 'avertissement : les modèles de lecture n’ont pas pu être mis à jour après la synchronisation ({error}) ; la prochaine commande les rattrape.',
    en: 'warning: the read models could not be brought up to date after the sync ({error}); the next command catches them up.',
  },
  'lock.noBypassCode': { fr: 'Aucun code de contournement n’est conservé pour {serial}.', en: 'No bypass code is kept for {serial}.' },
  'lock.enabled': { fr: '{serial} : verrouillage d’activation activé chez Apple.', en: '{serial}: Activation Lock enabled at Apple.' },
  'lock.enabledKept': {
    fr: '{serial} : verrouillage d’activation activé chez Apple ; clé de dépôt et code de contournement conservés dans le coffre.',
    en: '{serial}: Activation Lock enabled at Apple; escrow key and bypass code kept in the vault.',
  },
  'lock.refused': {
    fr: '{serial} : Apple a répondu {result} ; rien n’est enregistré.',
    en: '{serial}: Apple answered {result}; nothing recorded.',
  },
  'replacement.recorded': {
    fr: '{serial} remplace {original}{since} : enregistré.',
    en: '{serial} replaces {original}{since}: recorded.',
  },
  'replacement.alreadyRecorded': {
    fr: '{serial} remplace {original}{since} (déjà enregistré).',
    en: '{serial} replaces {original}{since} (recorded before).',
  },
  'replacement.since': { fr: ' depuis le {on}', en: ' since {on}' },
  'replacement.noRecord': {
    fr: '{serial} : Apple n’a aucun remplacement enregistré pour cet appareil ; rien n’est enregistré.',
    en: '{serial}: Apple holds no replacement record for this device; nothing recorded.',
  },
  'replacement.notReplacement': {
    fr: '{serial} : Apple ne le signale pas comme appareil de remplacement ; Apple n’a pas été interrogé.',
    en: '{serial}: Apple does not flag it as a replacement device; Apple was not asked.',
  },
  'accountEnrollment.none': {
    fr: 'Jeton {token} : Apple n’a aucun profil d’inscription par compte.',
    en: 'Token {token}: Apple holds no account-driven enrollment profile.',
  },
  'accountEnrollment.at': {
    fr: 'Jeton {token} : l’inscription par compte envoie les appareils vers {url}.',
    en: 'Token {token}: account-driven enrollment sends devices to {url}.',
  },
  'accountEnrollment.atUpdated': {
    fr: 'Jeton {token} : l’inscription par compte envoie les appareils vers {url} (mis à jour chez Apple le {updated}).',
    en: 'Token {token}: account-driven enrollment sends devices to {url} (updated at Apple {updated}).',
  },
  'accountEnrollment.changed': {
    fr: '  depledger avait enregistré {url} ({at}) ; il a été modifié chez Apple depuis.',
    en: '  depledger last set {url} ({at}); it was changed at Apple since.',
  },
  'enrollmentCheck.device': { fr: 'L’appareil', en: 'The device' },
  'enrollmentCheck.allow': { fr: '{serial} : autorisé ({why}).', en: '{serial}: allow ({why}).' },
  'enrollmentCheck.refuse': { fr: '{serial} : réponse 403 {body} ({why}).', en: '{serial}: answer 403 {body} ({why}).' },
  'enrollmentCheck.why.no_serial': { fr: 'l’appareil ne dit pas son numéro de série', en: 'the device does not say its serial number' },
  'enrollmentCheck.why.not_ours': {
    fr: 'pas un appareil de vos serveurs MDM dans depledger',
    en: 'not a device of your MDM servers in depledger',
  },
  'enrollmentCheck.why.no_platform': { fr: 'aucune plateforme connue pour ce modèle', en: 'no platform known for this model' },
  'enrollmentCheck.why.no_minimum': { fr: 'aucun minimum {platform} fixé', en: 'no minimum {platform} set' },
  'enrollmentCheck.why.no_os_version': {
    fr: 'l’appareil ne dit pas sa version de système',
    en: 'the device does not say its OS version',
  },
  'enrollmentCheck.why.meets_minimum': {
    fr: '{platform} {osVersion} atteint le minimum {minimum}',
    en: '{platform} {osVersion} meets the minimum {minimum}',
  },
  'enrollmentCheck.from.rule': { fr: ' de la règle {rule}', en: ' of rule {rule}' },
  'enrollmentCheck.from.profile': { fr: ' du profil {profile}', en: ' of profile {profile}' },
  'enrollmentCheck.why.below_minimum': {
    fr: '{platform} {osVersion} est sous le minimum {minimum}',
    en: '{platform} {osVersion} is below the minimum {minimum}',
  },
} as const satisfies Record<string, Label>;

/** A key of the other commands' sentences. */
export type OperationsMessageKey = keyof typeof sentences;

/** The other commands' sentences, by key. */
export const operationsMessages: Readonly<Record<OperationsMessageKey, Label>> = sentences;
