import type { Label } from './lang';

/**
 * What the `depledger` command says to people, in French and in English. `{name}` is a value the
 * command puts in. Column headers are upper case in both languages.
 */
const cliSentences = {
  'cli.error': { fr: 'erreur {code} : {message}', en: 'error {code}: {message}' },
  'cli.error.details': { fr: '({details})', en: '({details})' },
  'cli.error.bug': {
    fr: '{message} (un défaut de depledger s’il se répète ; signalez-le)',
    en: '{message} (this is a depledger bug if it repeats; please report it)',
  },
  'cli.none': { fr: '-', en: '-' },
  'cli.yes': { fr: 'oui', en: 'yes' },
  'cli.no': { fr: 'non', en: 'no' },
  'cli.col.token': { fr: 'JETON', en: 'TOKEN' },
  'cli.col.health': { fr: 'ÉTAT', en: 'HEALTH' },
  'cli.col.server': { fr: 'SERVEUR', en: 'SERVER' },
  'cli.col.expires': { fr: 'EXPIRE LE', en: 'EXPIRES' },
  'cli.col.daysLeft': { fr: 'JOURS RESTANTS', en: 'DAYS LEFT' },
  'cli.col.defaultProfile': { fr: 'PROFIL PAR DÉFAUT', en: 'DEFAULT PROFILE' },
  'cli.col.lastSync': { fr: 'DERNIÈRE SYNCHRO', en: 'LAST SYNC' },
  'cli.col.nextFullSync': { fr: 'PROCHAINE SYNCHRO COMPLÈTE', en: 'NEXT FULL SYNC' },
  'cli.col.serial': { fr: 'NUMÉRO DE SÉRIE', en: 'SERIAL' },
  'cli.col.status': { fr: 'STATUT', en: 'STATUS' },
  'cli.col.model': { fr: 'MODÈLE', en: 'MODEL' },
  'cli.col.profile': { fr: 'PROFIL', en: 'PROFILE' },
  'cli.col.assignment': { fr: 'ATTRIBUTION', en: 'ASSIGNMENT' },
  'cli.col.since': { fr: 'DEPUIS', en: 'SINCE' },
  'cli.col.replaces': { fr: 'REMPLACE', en: 'REPLACES' },
  'cli.devices.replacementPending': { fr: '(en attente des détails d’Apple)', en: "(awaiting Apple's details)" },
  'cli.col.when': { fr: 'QUAND', en: 'WHEN' },
  'cli.col.kind': { fr: 'TYPE', en: 'KIND' },
  'cli.col.by': { fr: 'PAR', en: 'BY' },
  'cli.col.outcome': { fr: 'RÉSULTAT', en: 'OUTCOME' },
  'cli.col.pages': { fr: 'PAGES', en: 'PAGES' },
  'cli.col.time': { fr: 'DURÉE', en: 'TIME' },
  'cli.col.details': { fr: 'DÉTAILS', en: 'DETAILS' },
  'cli.col.what': { fr: 'QUOI', en: 'WHAT' },
  'cli.col.version': { fr: 'VERSION', en: 'VERSION' },
  'cli.col.uuid': { fr: 'UUID', en: 'UUID' },
  'cli.col.name': { fr: 'NOM', en: 'NAME' },
  'cli.col.userAffinity': { fr: 'AFFINITÉ UTILISATEUR', en: 'USER AFFINITY' },
  'cli.col.skippedPanes': { fr: 'ÉCRANS PASSÉS', en: 'SKIPPED PANES' },
  'cli.col.minimumOs': { fr: 'OS MINIMAL', en: 'MINIMUM OS' },
  'cli.tokens.empty': {
    fr: 'Aucun jeton pour l’instant : commencez par `depledger key generate --token <id> --out <fichier.pem>`.',
    en: 'No tokens yet: start with `depledger key generate --token <id> --out <file.pem>`.',
  },
  'cli.tokens.allowedNow': { fr: 'permise dès maintenant', en: 'allowed now' },
  'cli.tokens.unknown': {
    fr: 'Ce stockage n’a pas de jeton {token} : `depledger tokens` liste ceux qu’il connaît.',
    en: 'There is no token {token} in this store: run `depledger tokens` to see the tokens it knows.',
  },
  'cli.tokens.notUploaded': {
    fr: 'Le jeton {token} a une clé mais pas encore de jeton de serveur : chargez d’abord son .p7m avec `depledger token upload`.',
    en: 'Token {token} has a key but no server token yet: upload its .p7m with `depledger token upload` first.',
  },
  'cli.key.issued': { fr: 'Clé de chiffrement émise pour le jeton {token}.', en: 'Encryption key issued for token {token}.' },
  'cli.key.issuedRenewal': {
    fr: 'Clé de chiffrement émise pour le jeton {token} (un renouvellement : le jeton de serveur actuel fonctionne jusqu’au chargement du nouveau).',
    en: 'Encryption key issued for token {token} (a renewal: the current server token keeps working until you upload the new one).',
  },
  'cli.key.certificate': {
    fr: '  certificat     {file}  (à déposer chez Apple en ajoutant le serveur MDM)',
    en: '  certificate  {file}  (upload it at Apple when you add the MDM server)',
  },
  'cli.key.fingerprint': { fr: '  empreinte      {fingerprint}', en: '  fingerprint  {fingerprint}' },
  'cli.key.validUntil': { fr: '  valable jusqu’au {date}', en: '  valid until  {date}' },
  'cli.key.next': {
    fr: 'Ensuite : dans le portail d’Apple, ajoutez un serveur MDM avec {file}, téléchargez son jeton de serveur (.p7m), puis',
    en: "Next: at Apple's portal, add an MDM server with {file}, download its server token (.p7m), then",
  },
  'cli.key.nextCommand': {
    fr: '  depledger token upload --token {token} --file <jeton-serveur.p7m> --apple-id <votre identifiant Apple>',
    en: '  depledger token upload --token {token} --file <server-token.p7m> --apple-id <your Apple ID>',
  },
  'cli.upload.uploaded': {
    fr: 'Jeton de serveur chargé pour {token} ; il expire le {date}.',
    en: 'Server token uploaded for {token}; it expires {date}.',
  },
  'cli.upload.renewed': {
    fr: 'Jeton de serveur renouvelé pour {token} ; il expire le {date}.',
    en: 'Server token renewed for {token}; it expires {date}.',
  },
  'cli.upload.fileLabel': { fr: 'Le fichier du jeton de serveur', en: 'The server token file' },
  'cli.account.verified': {
    fr: 'Compte Apple vérifié : serveur MDM « {server} » de {org}.',
    en: 'Apple account checked: MDM server "{server}" of {org}.',
  },
  'cli.account.yourOrganisation': { fr: 'votre organisation', en: 'your organisation' },
  'cli.account.unconfirmed': {
    fr: 'Apple n’a pas pu confirmer le compte ({code}).',
    en: 'Apple could not confirm the account ({code}): {message}',
  },
  'cli.account.checkLater': {
    fr: 'Le jeton est enregistré ; vérifiez plus tard avec : depledger token verify --token {token}',
    en: 'The token is stored; check again later with: depledger token verify --token {token}',
  },
  'cli.profile.defined': {
    fr: 'Profil {profile} défini pour {token} (version 1, brouillon).',
    en: 'Profile {profile} defined for {token} (version 1, draft).',
  },
  'cli.profile.next': {
    fr: 'Ensuite : depledger profile publish {profile}   (le définit chez Apple)',
    en: 'Next: depledger profile publish {profile}   (defines it at Apple)',
  },
  'cli.profile.published': {
    fr: 'Le profil {profile} version {version} est chez Apple sous l’UUID {uuid}.',
    en: 'Profile {profile} version {version} is at Apple as {uuid}.',
  },
  'cli.profile.reassigned': {
    fr: '{n} appareil(s) réattribué(s) à la nouvelle version.',
    en: '{n} device(s) re-assigned to the new version.',
  },
  'cli.profile.noDefault': { fr: 'Le jeton {token} n’a plus de profil par défaut.', en: 'Token {token} has no default profile now.' },
  'cli.profile.isDefault': {
    fr: 'Le profil {profile} est maintenant celui par défaut de {token} : les nouveaux appareils le recevront à la synchronisation.',
    en: 'Profile {profile} is now the default of {token}: new devices get it at sync.',
  },
  'cli.profile.defaultOrClear': {
    fr: 'Donnez soit un identifiant de profil, soit --clear : par exemple `depledger profile default corp --token paris`.',
    en: 'Give either a profile id or --clear: e.g. `depledger profile default corp --token paris`.',
  },
  'cli.profiles.empty': {
    fr: 'Aucun profil pour l’instant : depledger profile define <id> --token <id> --name <nom> --url <URL d’inscription>',
    en: 'No profiles yet: depledger profile define <id> --token <id> --name <name> --url <enrollment URL>',
  },
  'cli.profiles.default': { fr: ' (par défaut)', en: ' (default)' },
  'cli.profiles.status.draft': { fr: 'brouillon', en: 'draft' },
  'cli.profiles.status.published': { fr: 'publié', en: 'published' },
  'cli.profiles.status.retired': { fr: 'retiré', en: 'retired' },
  'cli.devices.empty': {
    fr: 'Aucun appareil (pour l’instant) : synchronisez un jeton avec `depledger sync --token <id>`.',
    en: 'No devices (yet): sync a token with `depledger sync --token <id>`.',
  },
  'cli.devices.count': { fr: '{n} appareil(s).', en: '{n} device(s).' },
  'cli.summary.empty': { fr: 'Aucun appareil pour l’instant.', en: 'No devices yet.' },
  'cli.summary.token': { fr: 'Jeton {token} : {n} appareil(s)', en: 'Token {token}: {n} device(s)' },
  'cli.summary.assignment': { fr: '  attribution de profil :', en: '  profile assignment:' },
  'cli.syncs.empty': {
    fr: 'Aucune synchronisation de {token} pour l’instant : depledger sync --token {token}',
    en: 'No sync of {token} yet: depledger sync --token {token}',
  },
  'cli.syncs.refused': { fr: '{reason} ; réessayer après {date}', en: '{reason}; retry after {date}' },
  'cli.syncs.downgraded': {
    fr: 'complète demandée, incrémentale exécutée (règle des 7 jours)',
    en: 'full asked, ran incremental (7-day rule)',
  },
  'cli.syncs.counts': {
    fr: '{devices} appareil(s), {added} ajouté(s), {released} retiré(s)',
    en: '{devices} device(s), {added} added, {released} released',
  },
  'cli.syncs.trigger.manual': { fr: 'à la demande', en: 'manual' },
  'cli.syncs.trigger.schedule': { fr: 'planifiée', en: 'scheduled' },
  'cli.syncs.limit': {
    fr: '--limit doit être un nombre entier d’au moins 1 (reçu : {value}).',
    en: '--limit must be a whole number of at least 1 (found {value}).',
  },
  'cli.history.title': { fr: 'Historique de {serial} :', en: 'History of {serial}:' },
  'cli.history.unknown': {
    fr: 'depledger n’a aucun historique pour {serial}{when} : vérifiez le numéro de série, ou synchronisez d’abord son jeton (depledger sync --token <id>).',
    en: 'depledger has no history for {serial}{when}: check the serial, or sync its token first (depledger sync --token <id>).',
  },
  'cli.history.upTo': { fr: ' jusqu’au {date}', en: ' up to {date}' },
  'cli.sync.bar': {
    fr: 'synchronisation {phase} [{moving}] page {value} · {fetched} appareils récupérés · {changes} enregistrements de la passe de synchronisation · {rate} enregistrements/s',
    en: 'sync {phase} [{moving}] page {value} · {fetched} devices fetched · {changes} records from the sync pass · {rate} records/s',
  },
  'cli.sync.phase.fetch': { fr: 'récupération', en: 'fetch' },
  'cli.sync.phase.sync': { fr: 'synchronisation', en: 'sync' },
  'cli.sync.page': {
    fr: 'page {page} ({phase}) : {received} enregistrement(s) ({total} en tout, {rate} enregistrements/s), {more}',
    en: 'page {page} ({phase}): {received} records ({total} so far, {rate} records/s), {more}',
  },
  'cli.sync.moreToFollow': { fr: 'la suite arrive', en: 'more to follow' },
  'cli.sync.lastPage': { fr: 'dernière page', en: 'last page' },
  'cli.enroll.recorded': { fr: '{serial} inscrit : {status}.', en: '{serial} enrolled: {status}.' },
  'cli.enroll.already': {
    fr: '{serial} était déjà inscrit ({status}) ; rien de nouveau n’a été enregistré.',
    en: '{serial} was already enrolled ({status}); nothing new recorded.',
  },
  'cli.col.state': { fr: 'ÉTAT', en: 'STATE' },
  'cli.col.retry': { fr: 'NOUVEL ESSAI', en: 'RETRY' },
  'cli.col.attempts': { fr: 'TENTATIVES', en: 'ATTEMPTS' },
  'cli.queue.empty': { fr: 'Aucun appareil n’attend d’attribution.', en: 'No device is waiting on an assignment.' },
  'cli.queue.due': { fr: ' (dû)', en: ' (due)' },
  'cli.unenroll.done': { fr: '{serial} désinscrit : {status}.', en: '{serial} unenrolled: {status}.' },
  'cli.assign.result': {
    fr: 'Profil {profile} : {sent} envoyé(s) à Apple, {assigned} attribué(s), {failed} en échec (nouvel essai dans 24 h), {throttled} limité(s) par Apple, {notAccessible} inaccessible(s).',
    en: 'Profile {profile}: {sent} sent to Apple, {assigned} assigned, {failed} failed (retried in 24 h), {throttled} throttled, {notAccessible} not accessible.',
  },
  'cli.device.disowned': { fr: '{serial} libéré chez Apple : {status}.', en: '{serial} disowned: {status}.' },
  'cli.device.profileCleared': { fr: '{serial} sans profil chez Apple : {status}.', en: '{serial} profile cleared: {status}.' },
  'cli.device.appleAnswered': {
    fr: '{serial} : Apple a répondu {answer} ; rien n’a été enregistré.',
    en: '{serial}: Apple answered {answer}; nothing recorded.',
  },
  'cli.profile.retired': { fr: 'Profil {profile} retiré.', en: 'Profile {profile} retired.' },
  'cli.profile.alreadyRetired': { fr: 'Le profil {profile} était déjà retiré.', en: 'Profile {profile} was already retired.' },
  'cli.minimumOs.is': {
    fr: 'Profil {profile} : OS minimal à l’inscription {minimum} (propre à depledger, jamais envoyé à Apple).',
    en: 'Profile {profile}: minimum OS at enrollment {minimum} (depledger’s own, never sent to Apple).',
  },
  'cli.minimumOs.none': {
    fr: 'Le profil {profile} ne fixe pas d’OS minimal : ses appareils s’inscrivent quel que soit leur système, sauf règle de routage qui en fixe un.',
    en: 'Profile {profile} sets no minimum OS: its devices enroll whatever their OS, unless their routing rule sets one.',
  },
  'cli.minimumOs.unchanged': { fr: 'Inchangé : rien n’a été enregistré.', en: 'Unchanged: nothing recorded.' },
  'cli.minimumOs.pair': {
    fr: '{flag} attend plateforme=valeur, par exemple iOS=17.1 ; reçu « {value} ».',
    en: '{flag} takes platform=value, e.g. iOS=17.1; got "{value}".',
  },
  'cli.minimumOs.buildWithoutOs': {
    fr: '--build {platform} sans --os pour cette plateforme : donnez la version avec --os (par exemple --os iOS=17.1 --build iOS=21B74).',
    en: '--build {platform} without --os for that platform: give its version with --os (e.g. --os iOS=17.1 --build iOS=21B74).',
  },
  'cli.minimumOs.setOrClear': {
    fr: 'Donnez soit --os (et --build), soit --clear : par exemple `depledger profile minimum-os corp --clear`.',
    en: 'Give either --os (and --build) or --clear: e.g. `depledger profile minimum-os corp --clear`.',
  },
  'cli.profile.unknown': {
    fr: 'Le profil {profile} n’existe pas : définissez-le d’abord (depledger profile define).',
    en: 'Profile {profile} does not exist: define it first (depledger profile define).',
  },
  'cli.profile.revised': {
    fr: 'Profil {profile} révisé : version {version} (brouillon).',
    en: 'Profile {profile} revised: version {version} (draft).',
  },
  'cli.profile.nextPublish': { fr: 'Ensuite : depledger profile publish {profile}', en: 'Next: depledger profile publish {profile}' },
  'cli.profile.unchanged': {
    fr: 'Profil {profile} inchangé : les réglages sont ceux de la version {version}.',
    en: 'Profile {profile} unchanged: the settings are the same as version {version}.',
  },
  'cli.token.removed': { fr: 'Jeton {token} supprimé.', en: 'Token {token} removed.' },
  'cli.token.nothingToRemove': {
    fr: 'Il n’y a pas de jeton {token} à supprimer (ou il l’a déjà été).',
    en: 'There is no token {token} to remove (or it was removed already).',
  },
  'cli.warning': { fr: 'Avertissement : {message}', en: 'Warning: {message}' },
  'cli.warning.unknownSkipKey': {
    fr: '{key} n’est pas dans le catalogue de l’Assistant réglages de depledger ({catalogue}) : il est envoyé à Apple tel quel ; vérifiez son orthographe dans les SkipKeys d’Apple.',
    en: "{key} is not in depledger's Setup Assistant catalogue {catalogue}: it is sent to Apple as written; check its spelling against Apple's SkipKeys.",
  },
  'cli.warning.removedSkipKey': {
    fr: '{key} a été retiré par Apple ({removed} et ultérieurs l’ignorent) : retirez-le quand plus aucun appareil n’a de version antérieure.',
    en: '{key} was retired by Apple ({removed} and later ignore it): remove it when no device runs an older version.',
  },
  'cli.fromNow.now': { fr: 'maintenant', en: 'now' },
  'cli.fromNow.minutes': { fr: 'dans {n} min', en: 'in {n} min' },
  'cli.fromNow.hours': { fr: 'dans {n} h', en: 'in {n} h' },
  'cli.fromNow.days': { fr: 'dans {n} jours', en: 'in {n} days' },
  'cli.col.nextSync': { fr: 'PROCHAINE SYNCHRO', en: 'NEXT SYNC' },
  'cli.col.expiryCheck': { fr: 'CONTRÔLE D’EXPIRATION', en: 'EXPIRY CHECK' },
  'cli.col.apiAccount': { fr: 'COMPTE API', en: 'API ACCOUNT' },
  'cli.col.retries': { fr: 'NOUVELLES TENTATIVES', en: 'RETRIES' },
  'cli.schedule.task.expiry_check': { fr: 'contrôle d’expiration', en: 'expiry check' },
  'cli.schedule.task.full_sync': { fr: 'synchronisation complète', en: 'full sync' },
  'cli.schedule.task.delta_sync': { fr: 'synchronisation incrémentale', en: 'delta sync' },
  'cli.schedule.task.assignment_retry': { fr: 'nouvelles tentatives d’attribution', en: 'assignment retries' },
  'cli.schedule.task.account_expiry_check': { fr: 'contrôle d’expiration du compte API', en: 'API account expiry check' },
  'cli.schedule.account': { fr: 'compte', en: 'account' },
  'cli.schedule.status.done': { fr: 'fait', en: 'done' },
  'cli.schedule.status.refused': { fr: 'refusé', en: 'refused' },
  'cli.schedule.status.failed': { fr: 'en échec', en: 'failed' },
  'cli.schedule.status.error': { fr: 'erreur', en: 'error' },
  'cli.schedule.status.skipped': { fr: 'passé', en: 'skipped' },
  'cli.schedule.skipped.token_not_active': {
    fr: 'aucune : le jeton n’est pas actif (pas de jeton de serveur chargé, ou retiré)',
    en: 'none: the token is not active (no server token uploaded, or removed)',
  },
  'cli.schedule.retry': { fr: '  Le planificateur réessaiera le {date} ({when}).', en: '  The scheduler tries again {date} ({when}).' },
  'cli.schedule.sent': { fr: ' ({n} envoyée(s))', en: ' ({n} sent)' },
  'cli.schedule.noToken': {
    fr: 'Aucun jeton pour l’instant : depledger key generate --token <id>, puis depledger token upload.',
    en: 'No token yet: depledger key generate --token <id>, then depledger token upload.',
  },
  'cli.schedule.nothingDue': {
    fr: 'Rien n’est dû : voyez depledger schedule --plan.',
    en: 'Nothing is due: see depledger schedule --plan.',
  },
  'cli.schedule.every': {
    fr: '--every doit être un nombre entier de secondes, 1 ou plus (reçu : {value}).',
    en: '--every must be a whole number of seconds, 1 or more (found {value}).',
  },
  'cli.schedule.onceOrPlan': { fr: 'Donnez --once ou --plan, pas les deux.', en: 'Give --once or --plan, not both.' },
  'cli.schedule.looping': {
    fr: 'Planification de {tokens} : recherche du travail dû toutes les {every} s. Ctrl-C pour arrêter.',
    en: 'Scheduling {tokens}: looking for due work every {every} s. Ctrl-C to stop.',
  },
  'cli.schedule.everyToken': { fr: 'tous les jetons', en: 'every token' },
  // the fleet scheduler on the command line: schedule --all-tenants, serve --all-tenants
  'cli.fleet.count': {
    fr: '{flag} doit être un nombre entier de 1 à {max} (reçu : {value}).',
    en: '{flag} must be a whole number from 1 to {max} (found {value}).',
  },
  'cli.fleet.node': {
    fr: '--node attend ce nœud et le nombre de nœuds, en comptant à partir de 1 : 1/3 pour le premier de trois (reçu : {value}).',
    en: '--node takes this node and the number of nodes, counting from 1: 1/3 for the first of three (found {value}).',
  },
  'cli.fleet.standby': {
    fr: '--standby attend une durée d’au plus 24 h : 90s, 2m, 1h, 500ms ou un nombre de secondes (reçu : {value}).',
    en: '--standby takes a duration of at most 24 h: 90s, 2m, 1h, 500ms or a number of seconds (found {value}).',
  },
  'cli.fleet.needsAllTenants': {
    fr: '{flags} règle le planificateur de tous les locataires : ajoutez --all-tenants.',
    en: '{flags} sets the scheduler of every tenant: add --all-tenants.',
  },
  'cli.fleet.withTenant': {
    fr: '--all-tenants agit sur tous les locataires : donnez-le sans --tenant (reçu : --tenant {tenant}).',
    en: '--all-tenants acts on every tenant: give it without --tenant (found --tenant {tenant}).',
  },
  'cli.fleet.withToken': {
    fr: '--all-tenants planifie tous les jetons de tous les locataires : donnez-le sans --token.',
    en: '--all-tenants schedules every token of every tenant: give it without --token.',
  },
  'cli.fleet.noToken': {
    fr: 'Aucun jeton actif dans aucun locataire pour l’instant.',
    en: 'No active token in any tenant yet.',
  },
  'cli.fleet.looping': {
    fr: 'Planification de tous les locataires (nœud {node} sur {count}, {concurrency} jeton(s) à la fois, {perTenant} par locataire) : recherche du travail dû toutes les {every} s. Ctrl-C pour arrêter.',
    en: 'Scheduling every tenant (node {node} of {count}, {concurrency} token(s) at once, {perTenant} per tenant): looking for due work every {every} s. Ctrl-C to stop.',
  },
  'cli.col.tenant': { fr: 'LOCATAIRE', en: 'TENANT' },
  'cli.col.dueAt': { fr: 'DÛ', en: 'DUE' },
  'cli.col.takenAt': { fr: 'PRIS PAR CE NŒUD', en: 'TAKEN BY THIS NODE' },
  'cli.stopped': { fr: 'Arrêté.', en: 'Stopped.' },
  'cli.col.readModel': { fr: 'MODÈLE DE LECTURE', en: 'READ MODEL' },
  'cli.col.upToEvent': { fr: 'JUSQU’À L’ÉVÉNEMENT', en: 'UP TO EVENT' },
  'cli.rebuild.done': {
    fr: '{n} modèle(s) de lecture reconstruit(s) depuis le journal des événements.',
    en: 'Rebuilt {n} read model(s) from the event log.',
  },
  'cli.rebuild.unknown': {
    fr: 'Il n’y a pas de modèle de lecture {name} : choisissez parmi {names}, ou n’en nommez aucun pour tout reconstruire.',
    en: 'There is no read model {name}: choose one of {names}, or omit it to rebuild all.',
  },
  'cli.col.key': { fr: 'CLÉ', en: 'KEY' },
  'cli.col.scopes': { fr: 'PORTÉES', en: 'SCOPES' },
  'cli.col.issued': { fr: 'ÉMISE LE', en: 'ISSUED' },
  'cli.col.revoked': { fr: 'RÉVOQUÉE LE', en: 'REVOKED' },
  'cli.col.platforms': { fr: 'PLATEFORMES', en: 'PLATFORMS' },
  'cli.col.pane': { fr: 'ÉCRAN', en: 'PANE' },
  'cli.apiKey.issued': { fr: 'Clé d’API {keyId} pour {name} ({scopes}) :', en: 'API key {keyId} for {name} ({scopes}):' },
  'cli.apiKey.keepIt': {
    fr: 'Gardez-la maintenant : elle n’est pas conservée et ne pourra plus être affichée.',
    en: 'Keep it now: it is not stored and cannot be shown again.',
  },
  'cli.apiKey.empty': {
    fr: 'Aucune clé d’API pour l’instant : depledger api-key create --name <nom>',
    en: 'No API keys yet: depledger api-key create --name <name>',
  },
  'cli.apiKey.scope.read': { fr: 'lecture', en: 'read' },
  'cli.apiKey.scope.write': { fr: 'écriture', en: 'write' },
  'cli.apiKey.revoked': { fr: 'Clé d’API {keyId} révoquée.', en: 'API key {keyId} revoked.' },
  'cli.skipKeys.retired': { fr: ' (retirée)', en: ' (retired)' },
  'cli.skipKeys.footer': {
    fr: 'Catalogue {version}. Une clé ajoutée depuis par Apple est acceptée, avec un avertissement enregistré sur le profil.',
    en: 'Catalogue {version}. A key Apple added since is accepted, with a warning recorded on the profile.',
  },
  'cli.skipKeys.platform': {
    fr: '--platform {platform} n’est pas l’une de {platforms} : choisissez-en une.',
    en: '--platform {platform} is not one of {platforms}: choose one of them.',
  },
  'cli.help.usage': { fr: 'Utilisation :', en: 'Usage:' },
  'cli.help.arguments': { fr: 'Arguments :', en: 'Arguments:' },
  'cli.help.options': { fr: 'Options :', en: 'Options:' },
  'cli.help.globalOptions': { fr: 'Options globales :', en: 'Global Options:' },
  'cli.help.commands': { fr: 'Commandes :', en: 'Commands:' },
  'cli.help.choices': { fr: 'choix : {choices}', en: 'choices: {choices}' },
  'cli.help.default': { fr: 'par défaut : {value}', en: 'default: {value}' },
  'cli.help.env': { fr: 'variable d’environnement : {name}', en: 'env: {name}' },
  'cli.help.helpOption': { fr: 'afficher l’aide de la commande', en: 'display help for command' },
  'cli.help.commandPlaceholder': { fr: '[commande]', en: '[command]' },
  'cli.help.helpCommand': { fr: 'afficher l’aide d’une commande', en: 'display help for command' },
} as const satisfies Record<string, Label>;

/** A key of the command's sentences. */
export type CliMessageKey = keyof typeof cliSentences;

/** The command's sentences, by key. */
export const cliMessages: Readonly<Record<CliMessageKey, Label>> = cliSentences;
