import type { Label } from './lang';

/**
 * What `depledger --help` says, in French and in English: each command's description
 * (`help.<command path>`), each option's (`help.<command path> --<option>`), each argument's
 * (`help.<command path> <argument>`) and the text after the options (`help.<command path> after`).
 * The command sets them from here when it builds itself in the language asked (packages/cli/src/help/localize-help.ts).
 */
const texts = {
  'help.depledger': {
    fr: 'Le programme d’inscription des appareils d’Apple (DEP) en ligne de commande : jetons, profils, synchronisation et appareils, conservés sous forme d’événements',
    en: "Apple's Device Enrollment Program from the terminal: tokens, profiles, sync and devices, kept as events",
  },
  'help.depledger --version': { fr: 'afficher le numéro de version', en: 'output the version number' },
  'help.depledger --store': {
    fr: 'où vivent les événements : sqlite:<fichier>, postgres://user@host:5432/db ou esdb://host:2113',
    en: 'where events live: sqlite:<file>, postgres://user@host:5432/db or esdb://host:2113',
  },
  'help.depledger --vault': {
    fr: 'avec --store esdb://… : le fichier SQLite local du coffre (clés, secrets) et des modèles de lecture',
    en: 'with --store esdb://…: the local SQLite file for the vault (keys, secrets) and read models',
  },
  'help.depledger --apple-url': { fr: 'le service DEP d’Apple, ou l’URL du simulateur', en: "Apple's DEP service, or the simulator's URL" },
  'help.depledger --lang': { fr: 'la langue de tous les messages', en: 'the language everything is said in' },
  'help.depledger --policy': {
    fr: 'règles de synchronisation : celles du document Intune, ou celles d’Intune aujourd’hui (exécutions de 15 minutes, synchronisations manuelles au plus toutes les 15 minutes)',
    en: "sync rules: the Intune document's, or today's Intune (15-minute runs, manual syncs at most every 15 minutes)",
  },
  'help.depledger --actor': {
    fr: 'votre identifiant d’administrateur pour la piste d’audit (enregistré comme admin:<id> ; pas une adresse e-mail)',
    en: 'your administrator id for the audit trail (recorded as admin:<id>; not an e-mail)',
  },
  'help.depledger --tenant': {
    fr: 'l’organisation pour laquelle travailler, dans un stockage partagé par plusieurs (ses propres flux, entrées du coffre et modèles de lecture)',
    en: 'the organisation to work for, in a store shared by several (its own streams, vault entries and read models)',
  },
  'help.depledger --json': { fr: 'afficher le résultat en JSON (pour les scripts)', en: 'print the result as JSON (for scripts)' },
  'help.depledger after': {
    fr: '\nLes étapes du document Intune :\n  2  depledger key generate --token paris --out paris.pem\n  3  (portail d’Apple : ajouter un serveur MDM avec paris.pem, télécharger le .p7m)\n  4  depledger token upload --token paris --file paris.p7m --apple-id admin@example.com\n  5  depledger profile define corp --token paris --name "Professionnel" --url https://mdm.example.com/enroll\n     depledger profile publish corp && depledger profile default corp --token paris\n  6  (portail d’Apple : attribuer des appareils au serveur MDM), ou par l’API :\n     depledger business connect --client-id BUSINESSAPI.… --key-id … --key api-key.pem\n     depledger business assign --server <id> --order <numéro>\n  7  depledger sync --token paris --full && depledger devices\n  8  depledger enroll <numéro de série>   (ce que votre MDM signale à l’inscription)\n\nCodes de sortie : 0 terminé ; 1 refusé ou en échec ; 2 saisie invalide (rien d’enregistré) ; 3 synchronisation refusée par les règles ; 4 synchronisation en échec ou hors délai.',
    en: "\nThe Intune document's steps:\n  2  depledger key generate --token paris --out paris.pem\n  3  (Apple's portal: add an MDM server with paris.pem, download the .p7m)\n  4  depledger token upload --token paris --file paris.p7m --apple-id admin@example.com\n  5  depledger profile define corp --token paris --name \"Corporate\" --url https://mdm.example.com/enroll\n     depledger profile publish corp && depledger profile default corp --token paris\n  6  (Apple's portal: assign devices to the MDM server), or through the API:\n     depledger business connect --client-id BUSINESSAPI.… --key-id … --key api-key.pem\n     depledger business assign --server <id> --order <number>\n  7  depledger sync --token paris --full && depledger devices\n  8  depledger enroll <serial>   (what your MDM reports at check-in)\n\nExit codes: 0 done; 1 refused or failed; 2 bad input (nothing recorded); 3 sync refused by the rules; 4 sync failed or timed out.",
  },
  'help.key': { fr: 'clés de chiffrement des jetons de serveur MDM (étape 2)', en: 'encryption keys of MDM server tokens (step 2)' },
  'help.key generate': {
    fr: 'émettre la clé de chiffrement d’un jeton de serveur MDM et écrire son certificat (.pem) à déposer chez Apple',
    en: 'issue the encryption key of an MDM server token and write its certificate (.pem) to upload at Apple',
  },
  'help.key generate --token': {
    fr: 'votre nom pour ce jeton de serveur MDM, par exemple paris',
    en: 'your name for this MDM server token, e.g. paris',
  },
  'help.key generate --out': { fr: 'où écrire le certificat (.pem)', en: 'where to write the certificate (.pem)' },
  'help.key generate --force': { fr: 'remplacer --out s’il existe', en: 'replace --out if it exists' },
  'help.key generate --renew': {
    fr: 'le jeton a un jeton de serveur actif : confirmer que cette clé commence son renouvellement',
    en: 'the token has an active server token: confirm that this key starts its renewal',
  },
  'help.key generate after': {
    fr: '\nLa clé privée reste dans le coffre ; seul le certificat public est écrit. Sur un jeton dont le jeton de serveur\nest actif, une nouvelle clé commence son renouvellement : indiquez-le avec --renew.\n\nExemples :\n  depledger key generate --token paris --out paris.pem\n  depledger key generate --token paris --out paris-2027.pem --renew',
    en: '\nThe private key stays in the vault; only the public certificate is written. On a token whose server token\nis active, a new key starts its renewal: say so with --renew.\n\nExamples:\n  depledger key generate --token paris --out paris.pem\n  depledger key generate --token paris --out paris-2027.pem --renew',
  },
  'help.token': { fr: 'jetons de serveur (.p7m) d’Apple (étape 4)', en: 'server tokens (.p7m) from Apple (step 4)' },
  'help.token upload': {
    fr: 'charger le jeton de serveur (.p7m) téléchargé sur le portail d’Apple, avec l’identifiant Apple qui l’a téléchargé',
    en: "upload the server token (.p7m) downloaded from Apple's portal, with the Apple ID that downloaded it",
  },
  'help.token upload --token': { fr: 'l’identifiant de jeton donné à `key generate`', en: 'the token id given to `key generate`' },
  'help.token upload --file': { fr: 'le fichier du jeton de serveur', en: 'the server token file' },
  'help.token upload --apple-id': {
    fr: 'l’identifiant Apple du compte du portail (les renouvellements doivent utiliser le même)',
    en: 'the Apple ID of the portal account (renewals must use the same one)',
  },
  'help.token upload --replaces': {
    fr: 'un renouvellement venant d’un autre serveur MDM que celui du jeton : confirmer qu’il le remplace',
    en: "a renewal from a different MDM server than the token's: confirm that it replaces it",
  },
  'help.token upload after': {
    fr: '\nLe .p7m est déchiffré avec la clé du jeton et ses secrets OAuth vont au coffre. Le compte est ensuite\nvérifié auprès d’Apple ; si Apple est injoignable, le chargement est conservé et la vérification peut être refaite.\n\nExemple :\n  depledger token upload --token paris --file paris.p7m --apple-id admin@example.com',
    en: "\nThe .p7m is decrypted with the token's key and its OAuth secrets go to the vault. Then the account is\nchecked with Apple; if Apple cannot be reached the upload is kept and the check can be repeated.\n\nExample:\n  depledger token upload --token paris --file paris.p7m --apple-id admin@example.com",
  },
  'help.token verify': {
    fr: 'vérifier le compte du jeton auprès d’Apple et enregistrer le résultat',
    en: "check the token's account with Apple and record the outcome",
  },
  'help.token verify --token': { fr: 'l’identifiant du jeton', en: 'the token id' },
  'help.token verify after': {
    fr: '\nExemple :\n  depledger token verify --token paris',
    en: '\nExample:\n  depledger token verify --token paris',
  },
  'help.token remove': {
    fr: 'supprimer un jeton une fois qu’aucun appareil ne lui est attribué et que ses profils sont retirés',
    en: 'remove a token once no device is assigned to it and its profiles are retired',
  },
  'help.token remove --token': { fr: 'l’identifiant du jeton', en: 'the token id' },
  'help.token remove after': {
    fr: '\nExemple :\n  depledger token remove --token lyon',
    en: '\nExample:\n  depledger token remove --token lyon',
  },
  'help.token account-enrollment': {
    fr: 'le profil d’inscription par compte du jeton chez Apple (inscription utilisateur et inscription d’appareil par compte) : l’URL de découverte du service MDM ; lire, --set ou --remove',
    en: "the token's account-driven enrollment profile at Apple (user enrollment and account-driven device enrollment): the MDM service discovery URL; read, --set or --remove",
  },
  'help.token account-enrollment --token': { fr: 'le jeton', en: 'the token' },
  'help.token account-enrollment --set': {
    fr: 'l’URL https de découverte de votre service MDM (Apple : mdm_service_discovery_url)',
    en: 'the https URL of your MDM service discovery (Apple: mdm_service_discovery_url)',
  },
  'help.token account-enrollment --remove': { fr: 'supprimer le profil chez Apple', en: 'remove the profile at Apple' },
  'help.token account-enrollment after': {
    fr: '\nL’ajout et la suppression sont enregistrés sur le jeton (AccountDrivenEnrollmentProfileSet / Removed) une fois acceptés par Apple ; une lecture interroge Apple.\n\nExemples :\n  depledger token account-enrollment --token paris --set https://mdm.example.com/.well-known/com.apple.remotemanagement\n  depledger token account-enrollment --token paris\n  depledger token account-enrollment --token paris --remove',
    en: '\nSet and remove are recorded on the token (AccountDrivenEnrollmentProfileSet / Removed) once Apple accepts them; a read asks Apple.\n\nExamples:\n  depledger token account-enrollment --token paris --set https://mdm.example.com/.well-known/com.apple.remotemanagement\n  depledger token account-enrollment --token paris\n  depledger token account-enrollment --token paris --remove',
  },
  'help.tokens': {
    fr: 'l’état des jetons : expiration, conditions d’Apple, dernière synchronisation, date de la prochaine synchronisation complète permise',
    en: "the tokens' health: expiry, Apple's terms, last sync, when a full sync is allowed again",
  },
  'help.tokens --token': { fr: 'seulement ce jeton', en: 'only this token' },
  'help.tokens after': {
    fr: '\nExemples :\n  depledger tokens\n  depledger tokens --token paris --json',
    en: '\nExamples:\n  depledger tokens\n  depledger tokens --token paris --json',
  },
  'help.vault': {
    fr: 'le coffre qui garde les clés privées, les secrets OAuth et les données personnelles',
    en: 'the vault that holds private keys, OAuth secrets and personal data',
  },
  'help.vault rotate-key': {
    fr: 'remplacer la clé du coffre ; les sauvegardes antérieures deviennent illisibles (personnes oubliées comprises)',
    en: 'replace the vault key; backups taken before can no longer be read (forgotten people included)',
  },
  'help.vault rotate-key after': {
    fr: '\nAvec le fichier de clé à côté de la base, une nouvelle clé le remplace. Avec DEPLEDGER_VAULT_KEY, donnez la nouvelle clé dans DEPLEDGER_NEW_VAULT_KEY\npuis mettez-la dans DEPLEDGER_VAULT_KEY. Sur SQLite, fermez d’abord les autres processus qui utilisent le stockage. Sur PostgreSQL,\nles autres nœuds peuvent continuer de tourner : une fois la clé remplacée, ils répondent VAULT_KEY_ROTATED jusqu’à leur redémarrage avec la nouvelle clé.\n\nExemple :\n  depledger vault rotate-key',
    en: '\nWith the key file beside the database, a new key replaces it. With DEPLEDGER_VAULT_KEY, give the new key in DEPLEDGER_NEW_VAULT_KEY\nand put it in DEPLEDGER_VAULT_KEY afterwards. On SQLite, close other processes that use the store first. On PostgreSQL,\nother nodes may keep running: once rotated they answer VAULT_KEY_ROTATED until restarted with the new key.\n\nExample:\n  depledger vault rotate-key',
  },
  'help.tenant': {
    fr: 'les organisations qui partagent le stockage, pour l’opérateur : les lister, en oublier une',
    en: 'the organisations sharing the store, for the operator: list them, forget one',
  },
  'help.tenant list': {
    fr: 'toutes les organisations du stockage (enregistrées à leur premier événement), leurs entrées du coffre, et si elles ont été oubliées',
    en: 'every organisation of the store (recorded at its first event), with its vault entries, and whether it was forgotten',
  },
  'help.tenant list after': { fr: '\nExemple :\n  depledger tenant list --json', en: '\nExample:\n  depledger tenant list --json' },
  'help.tenant forget': {
    fr: 'oublier une organisation pour toujours : sa clé de coffre est détruite, aucun de ses secrets ni de ses données personnelles ne peut plus être lu (demande --confirm)',
    en: 'forget an organisation for good: its vault key is destroyed, so none of its secrets and personal data can be read again (needs --confirm)',
  },
  'help.tenant forget <tenant-id>': { fr: 'l’organisation à oublier', en: 'the organisation to forget' },
  'help.tenant forget --confirm': { fr: 'confirmer l’oubli : il est définitif', en: 'confirm the forgetting: it cannot be undone' },
  'help.tenant forget after': {
    fr: '\nSes événements restent et se rejouent toujours (appareils, historiques), leurs champs personnels montrés comme oubliés ; TenantForgotten est enregistré.\nElle n’enregistre plus rien (commandes, synchronisations : TENANT_FORGOTTEN), et serve --all-tenants et schedule --all-tenants la laissent de côté. Les sauvegardes antérieures restent lisibles avec la clé du coffre tant qu’elle n’est pas remplacée (depledger vault rotate-key).\nÀ lancer en opérateur (sans --tenant).\n\nExemple :\n  depledger tenant forget acme --confirm',
    en: '\nIts events stay and still replay (devices, histories), their personal fields shown as forgotten; TenantForgotten is recorded.\nIt records nothing more (commands and syncs: TENANT_FORGOTTEN), and serve --all-tenants and schedule --all-tenants leave it out. Backups taken before stay readable with the vault key until it is rotated (depledger vault rotate-key).\nRun it as the operator (without --tenant).\n\nExample:\n  depledger tenant forget acme --confirm',
  },
  'help.profile': { fr: 'profils d’inscription professionnels (étape 5)', en: 'corporate enrollment profiles (step 5)' },
  'help.profile define': {
    fr: 'définir un profil d’inscription professionnel (version 1, brouillon jusqu’à sa publication)',
    en: 'define a corporate enrollment profile (version 1, a draft until published)',
  },
  'help.profile define <profile-id>': {
    fr: 'votre identifiant pour le profil, par exemple corp',
    en: 'your id for the profile, e.g. corp',
  },
  'help.profile define --token': { fr: 'le jeton dont les appareils sont concernés', en: 'the token whose devices it is for' },
  'help.profile define --name': {
    fr: 'le nom affiché sur l’appareil pendant la configuration (obligatoire, ici ou dans --settings)',
    en: 'the name shown on the device during setup (required, here or in --settings)',
  },
  'help.profile define --url': {
    fr: 'l’URL d’inscription de votre MDM, appelée par l’appareil au premier démarrage (obligatoire, ici ou dans --settings)',
    en: "your MDM's enrollment URL, called by the device at first power-on (required, here or in --settings)",
  },
  'help.profile define --description': { fr: 'pour les administrateurs ; non envoyé à Apple', en: 'for administrators; not sent to Apple' },
  'help.profile define --user-affinity': {
    fr: 'lier chaque appareil à l’utilisateur qui l’inscrit (par défaut)',
    en: 'tie each device to the user who enrolls it (the default)',
  },
  'help.profile define --no-user-affinity': {
    fr: 'les appareils appartiennent à un groupe, pas à un utilisateur',
    en: 'devices belong to a group, not a user',
  },
  'help.profile define --skip': {
    fr: 'écrans de l’Assistant de configuration à passer, par clé Apple (depledger profile skip-keys les liste ; une clé plus récente est acceptée avec un avertissement)',
    en: "Setup Assistant panes to skip, by Apple's key (depledger profile skip-keys lists them; a newer key is accepted with a warning)",
  },
  'help.profile define --department': { fr: 'affiché pendant la configuration', en: 'shown during setup' },
  'help.profile define --support-phone': { fr: 'affiché pendant la configuration', en: 'shown during setup' },
  'help.profile define --support-email': { fr: 'affiché pendant la configuration', en: 'shown during setup' },
  'help.profile define --language': { fr: 'langue de configuration ISO 639, par exemple fr', en: 'ISO 639 language of setup, e.g. fr' },
  'help.profile define --region': { fr: 'région ISO 3166, par exemple FR', en: 'ISO 3166 region, e.g. FR' },
  'help.profile define --removable': {
    fr: 'permettre aux utilisateurs de supprimer le profil MDM (désactivé par défaut : les utilisateurs ne peuvent pas désinscrire les appareils DEP)',
    en: 'let users remove the MDM profile (off by default: DEP devices cannot be unenrolled by their users)',
  },
  'help.profile define --await-configured': {
    fr: 'retenir l’appareil dans l’Assistant de configuration jusqu’à ce que le MDM le libère',
    en: 'hold the device in Setup Assistant until the MDM releases it',
  },
  'help.profile define --pairing': {
    fr: 'autoriser le jumelage avec un ordinateur (par défaut)',
    en: 'allow pairing with a computer (the default)',
  },
  'help.profile define --no-pairing': {
    fr: 'refuser le jumelage avec un ordinateur (allow_pairing: false chez Apple)',
    en: "refuse pairing with a computer (Apple's allow_pairing: false)",
  },
  'help.profile define --auto-advance': {
    fr: 'avancer seul dans l’Assistant de configuration (tvOS, macOS)',
    en: 'advance through Setup Assistant by itself (tvOS, macOS)',
  },
  'help.profile define --org-magic': {
    fr: 'org_magic d’Apple : une chaîne qui identifie les services gérés de votre organisation',
    en: "Apple's org_magic: a string identifying your organisation's managed services",
  },
  'help.profile define --configuration-web-url': {
    fr: 'une page web que l’appareil charge pour authentifier l’utilisateur avant l’inscription',
    en: 'a web page the device loads to authenticate the user before enrolling',
  },
  'help.profile define --multi-user': { fr: 'iPad partagé', en: 'Shared iPad' },
  'help.profile define --no-multi-user': { fr: 'pas d’iPad partagé (par défaut)', en: 'not a Shared iPad (the default)' },
  'help.profile define --return-to-service': {
    fr: 'retour au service (iOS 26, visionOS 26)',
    en: 'Return to Service (iOS 26, visionOS 26)',
  },
  'help.profile define --no-return-to-service': { fr: 'pas de retour au service (par défaut)', en: 'no Return to Service (the default)' },
  'help.profile define --profile-from-backup': {
    fr: 'un appareil restauré utilise le profil de sa sauvegarde (par défaut)',
    en: 'a restored device uses the profile of its backup (the default)',
  },
  'help.profile define --no-profile-from-backup': {
    fr: 'un appareil restauré lit son profil chez Apple, pas dans la sauvegarde (iOS 26)',
    en: 'a restored device reads its profile from Apple, not from the backup (iOS 26)',
  },
  'help.profile define --anchor-cert': {
    fr: 'fichiers PEM des seules racines auxquelles l’appareil se fie pour l’URL d’inscription',
    en: 'PEM files of the only roots the device trusts for the enrollment URL',
  },
  'help.profile define --supervising-host-cert': {
    fr: 'fichiers PEM des hôtes qui peuvent encore se jumeler quand le jumelage est refusé',
    en: 'PEM files of hosts that may still pair when pairing is refused',
  },
  'help.profile define --settings': {
    fr: 'réglages en JSON (noms de champs du domaine : name, url, userAffinity, skipSetupItems, ...) ; les options passent avant',
    en: 'settings as JSON (field names of the domain: name, url, userAffinity, skipSetupItems, ...); flags override it',
  },
  'help.profile define after': {
    fr: '\nExemple :\n  depledger profile define corp --token paris --name "Contoso" --url https://mdm.example.com/enroll \\\n    --skip Siri Location AppleID --department Informatique --support-phone "+33 1 23 45 67 89"',
    en: '\nExample:\n  depledger profile define corp --token paris --name "Contoso" --url https://mdm.example.com/enroll \\\n    --skip Siri Location AppleID --department IT --support-phone "+33 1 23 45 67 89"',
  },
  'help.profile revise': {
    fr: 'une nouvelle version d’un profil : les options données modifient les réglages actuels',
    en: 'a new version of a profile: the flags given change the current settings',
  },
  'help.profile revise <profile-id>': { fr: 'le profil', en: 'the profile' },
  'help.profile revise --name': {
    fr: 'le nom affiché sur l’appareil pendant la configuration',
    en: 'the name shown on the device during setup',
  },
  'help.profile revise --url': {
    fr: 'l’URL d’inscription de votre MDM, appelée par l’appareil au premier démarrage',
    en: "your MDM's enrollment URL, called by the device at first power-on",
  },
  'help.profile revise --description': { fr: 'pour les administrateurs ; non envoyé à Apple', en: 'for administrators; not sent to Apple' },
  'help.profile revise --user-affinity': {
    fr: 'lier chaque appareil à l’utilisateur qui l’inscrit (par défaut)',
    en: 'tie each device to the user who enrolls it (the default)',
  },
  'help.profile revise --no-user-affinity': {
    fr: 'les appareils appartiennent à un groupe, pas à un utilisateur',
    en: 'devices belong to a group, not a user',
  },
  'help.profile revise --skip': {
    fr: 'écrans de l’Assistant de configuration à passer, par clé Apple (depledger profile skip-keys les liste ; une clé plus récente est acceptée avec un avertissement)',
    en: "Setup Assistant panes to skip, by Apple's key (depledger profile skip-keys lists them; a newer key is accepted with a warning)",
  },
  'help.profile revise --department': { fr: 'affiché pendant la configuration', en: 'shown during setup' },
  'help.profile revise --support-phone': { fr: 'affiché pendant la configuration', en: 'shown during setup' },
  'help.profile revise --support-email': { fr: 'affiché pendant la configuration', en: 'shown during setup' },
  'help.profile revise --language': { fr: 'langue de configuration ISO 639, par exemple fr', en: 'ISO 639 language of setup, e.g. fr' },
  'help.profile revise --region': { fr: 'région ISO 3166, par exemple FR', en: 'ISO 3166 region, e.g. FR' },
  'help.profile revise --removable': {
    fr: 'permettre aux utilisateurs de supprimer le profil MDM (désactivé par défaut : les utilisateurs ne peuvent pas désinscrire les appareils DEP)',
    en: 'let users remove the MDM profile (off by default: DEP devices cannot be unenrolled by their users)',
  },
  'help.profile revise --await-configured': {
    fr: 'retenir l’appareil dans l’Assistant de configuration jusqu’à ce que le MDM le libère',
    en: 'hold the device in Setup Assistant until the MDM releases it',
  },
  'help.profile revise --pairing': {
    fr: 'autoriser le jumelage avec un ordinateur (par défaut)',
    en: 'allow pairing with a computer (the default)',
  },
  'help.profile revise --no-pairing': {
    fr: 'refuser le jumelage avec un ordinateur (allow_pairing: false chez Apple)',
    en: "refuse pairing with a computer (Apple's allow_pairing: false)",
  },
  'help.profile revise --auto-advance': {
    fr: 'avancer seul dans l’Assistant de configuration (tvOS, macOS)',
    en: 'advance through Setup Assistant by itself (tvOS, macOS)',
  },
  'help.profile revise --org-magic': {
    fr: 'org_magic d’Apple : une chaîne qui identifie les services gérés de votre organisation',
    en: "Apple's org_magic: a string identifying your organisation's managed services",
  },
  'help.profile revise --configuration-web-url': {
    fr: 'une page web que l’appareil charge pour authentifier l’utilisateur avant l’inscription',
    en: 'a web page the device loads to authenticate the user before enrolling',
  },
  'help.profile revise --multi-user': { fr: 'iPad partagé', en: 'Shared iPad' },
  'help.profile revise --no-multi-user': { fr: 'pas d’iPad partagé (par défaut)', en: 'not a Shared iPad (the default)' },
  'help.profile revise --return-to-service': {
    fr: 'retour au service (iOS 26, visionOS 26)',
    en: 'Return to Service (iOS 26, visionOS 26)',
  },
  'help.profile revise --no-return-to-service': { fr: 'pas de retour au service (par défaut)', en: 'no Return to Service (the default)' },
  'help.profile revise --profile-from-backup': {
    fr: 'un appareil restauré utilise le profil de sa sauvegarde (par défaut)',
    en: 'a restored device uses the profile of its backup (the default)',
  },
  'help.profile revise --no-profile-from-backup': {
    fr: 'un appareil restauré lit son profil chez Apple, pas dans la sauvegarde (iOS 26)',
    en: 'a restored device reads its profile from Apple, not from the backup (iOS 26)',
  },
  'help.profile revise --anchor-cert': {
    fr: 'fichiers PEM des seules racines auxquelles l’appareil se fie pour l’URL d’inscription',
    en: 'PEM files of the only roots the device trusts for the enrollment URL',
  },
  'help.profile revise --supervising-host-cert': {
    fr: 'fichiers PEM des hôtes qui peuvent encore se jumeler quand le jumelage est refusé',
    en: 'PEM files of hosts that may still pair when pairing is refused',
  },
  'help.profile revise --settings': {
    fr: 'réglages en JSON (noms de champs du domaine : name, url, userAffinity, skipSetupItems, ...) ; les options passent avant',
    en: 'settings as JSON (field names of the domain: name, url, userAffinity, skipSetupItems, ...); flags override it',
  },
  'help.profile revise after': {
    fr: '\nExemple :\n  depledger profile revise corp --skip Siri Location AppleID Privacy\n  depledger profile publish corp   (les appareils sur l’ancienne version sont réattribués)',
    en: '\nExample:\n  depledger profile revise corp --skip Siri Location AppleID Privacy\n  depledger profile publish corp   (devices on the old version are re-assigned)',
  },
  'help.profile publish': {
    fr: 'définir la version actuelle du profil chez Apple (elle reçoit un UUID) ; les appareils sur une version antérieure d’un profil par défaut sont réattribués',
    en: "define the profile's current version at Apple (it gets a UUID); devices on an older version of a default profile are re-assigned",
  },
  'help.profile publish <profile-id>': { fr: 'le profil', en: 'the profile' },
  'help.profile publish after': {
    fr: '\nExemple :\n  depledger profile publish corp --apple-url http://127.0.0.1:8080',
    en: '\nExample:\n  depledger profile publish corp --apple-url http://127.0.0.1:8080',
  },
  'help.profile default': {
    fr: 'faire d’un profil publié le profil par défaut du jeton : les nouveaux appareils le reçoivent automatiquement à la synchronisation',
    en: "make a published profile the token's default: new devices get it automatically at sync",
  },
  'help.profile default <profile-id>': { fr: 'le profil (à omettre avec --clear)', en: 'the profile (omit with --clear)' },
  'help.profile default --token': { fr: 'le jeton', en: 'the token' },
  'help.profile default --clear': {
    fr: 'aucun profil par défaut : les nouveaux appareils restent sans profil',
    en: 'no default profile: new devices stay without one',
  },
  'help.profile default after': {
    fr: '\nExemples :\n  depledger profile default corp --token paris\n  depledger profile default --token paris --clear',
    en: '\nExamples:\n  depledger profile default corp --token paris\n  depledger profile default --token paris --clear',
  },
  'help.profile list': {
    fr: 'les profils d’inscription, leur version, leur UUID chez Apple, leur OS minimal et celui qui est par défaut',
    en: 'the enrollment profiles, their version, UUID at Apple, minimum OS and which is the default',
  },
  'help.profile list --token': { fr: 'seulement les profils de ce jeton', en: "only this token's profiles" },
  'help.profile list after': {
    fr: '\nExemple :\n  depledger profile list --token paris',
    en: '\nExample:\n  depledger profile list --token paris',
  },
  'help.profile minimum-os': {
    fr: 'l’OS le plus ancien avec lequel un appareil dirigé vers le profil peut s’inscrire (enrollment-check répond « mise à jour logicielle requise » en dessous) ; l’afficher, le fixer ou --clear. Jamais envoyé à Apple',
    en: 'the lowest OS a device routed to the profile may enroll with (enrollment-check answers "software update required" below it); show, set or --clear. Never sent to Apple',
  },
  'help.profile minimum-os <profile-id>': { fr: 'le profil', en: 'the profile' },
  'help.profile minimum-os --os': {
    fr: 'fixer le minimum, en remplaçant celui du profil : iOS=17.1 iPadOS=17.1 macOS=14.0 tvOS=17.0 visionOS=1.0',
    en: "set the minimum, replacing the profile's: iOS=17.1 iPadOS=17.1 macOS=14.0 tvOS=17.0 visionOS=1.0",
  },
  'help.profile minimum-os --build': {
    fr: 'la version de build d’Apple d’un minimum donné avec --os, envoyée à l’appareil avec lui : iOS=21B74',
    en: "Apple's build of a minimum given with --os, sent to the device with it: iOS=21B74",
  },
  'help.profile minimum-os --clear': { fr: 'le profil ne fixe plus de minimum', en: 'the profile sets no minimum any more' },
  'help.profile minimum-os after': {
    fr: '\nLe minimum appartient au profil, quelle que soit la version publiée. Le « minimumOs » propre d’une règle de routage pour une plateforme passe avant (depledger profile rules).\n\nExemples :\n  depledger profile minimum-os corp --os iOS=17.1 macOS=14.0 --build iOS=21B74\n  depledger profile minimum-os corp\n  depledger profile minimum-os corp --clear',
    en: '\nThe minimum belongs to the profile, whatever version of it is published. A routing rule\'s own "minimumOs" for a platform comes first (depledger profile rules).\n\nExamples:\n  depledger profile minimum-os corp --os iOS=17.1 macOS=14.0 --build iOS=21B74\n  depledger profile minimum-os corp\n  depledger profile minimum-os corp --clear',
  },
  'help.profile retire': {
    fr: 'retirer un profil qui n’est plus le profil par défaut d’aucun jeton',
    en: "retire a profile that is no longer any token's default",
  },
  'help.profile retire <profile-id>': { fr: 'le profil', en: 'the profile' },
  'help.profile retire --reason': { fr: 'le motif, pour la piste d’audit', en: 'why, for the audit trail' },
  'help.profile retire after': {
    fr: '\nExemple :\n  depledger profile retire corp-2024 --reason "remplacé par corp"',
    en: '\nExample:\n  depledger profile retire corp-2024 --reason "replaced by corp"',
  },
  'help.profile skip-keys': {
    fr: 'les écrans de l’Assistant de configuration qu’un profil peut passer (--skip), avec plateformes et versions d’OS ; les clés plus récentes sont acceptées aussi',
    en: 'the Setup Assistant panes a profile can skip (--skip), with platforms and OS versions; newer keys are accepted too',
  },
  'help.profile skip-keys --platform': {
    fr: 'seulement les clés d’une plateforme : iOS, macOS, tvOS, visionOS',
    en: 'only the keys of one platform: iOS, macOS, tvOS, visionOS',
  },
  'help.profile skip-keys after': {
    fr: '\nExemple :\n  depledger profile skip-keys --platform macOS --lang en',
    en: '\nExample:\n  depledger profile skip-keys --platform macOS --lang en',
  },
  'help.profile rules': {
    fr: 'les règles de routage d’un jeton : quel profil reçoit un appareil (la première règle qui correspond l’emporte ; le profil par défaut vient après elles)',
    en: "a token's routing rules: which profile a device gets (first match wins; the default profile comes after them)",
  },
  'help.profile rules --token': { fr: 'le jeton', en: 'the token' },
  'help.profile rules --set': {
    fr: 'remplacer les règles par celles d’un fichier JSON : [{ "profileId", "when": { family, os, model, orderNumber, serials }, "note" }]',
    en: 'replace the rules with those of a JSON file: [{ "profileId", "when": { family, os, model, orderNumber, serials }, "note" }]',
  },
  'help.profile rules after': {
    fr: '\nÀ chaque synchronisation, chaque nouvel appareil (ou un appareil retiré puis réattribué chez Apple) reçoit le profil choisi par ces règles ; les numéros de commande viennent de l’inventaire qu’enregistre `depledger business devices`.\n\nExemple de rules.json :\n  [{ "profileId": "macs", "when": { "family": ["Mac"] } },\n   { "profileId": "vip", "when": { "serials": ["C02XK1ABCD12"] }, "note": "direction" }]\n\nExemples :\n  depledger profile rules --token paris --set rules.json\n  depledger profile route --token paris --dry-run',
    en: '\nAt each sync, every new device (or one unassigned and assigned again at Apple) gets the profile these rules choose; order numbers come from the inventory `depledger business devices` records.\n\nExample rules.json:\n  [{ "profileId": "macs", "when": { "family": ["Mac"] } },\n   { "profileId": "vip", "when": { "serials": ["C02XK1ABCD12"] }, "note": "executives" }]\n\nExamples:\n  depledger profile rules --token paris --set rules.json\n  depledger profile route --token paris --dry-run',
  },
  'help.profile route': {
    fr: 'quel profil chaque appareil recevrait selon les règles de routage du jeton, et pourquoi',
    en: "which profile each device would get under the token's routing rules, and why",
  },
  'help.profile route --token': { fr: 'le jeton', en: 'the token' },
  'help.profile route --dry-run': {
    fr: 'montrer les décisions sans rien attribuer (le seul mode : l’attribution a lieu à la synchronisation)',
    en: 'show the decisions without assigning anything (the only mode: assignment happens at sync)',
  },
  'help.profile route --serial': {
    fr: 'ces numéros de série au lieu de tous les appareils connus du jeton',
    en: 'these serials instead of every known device of the token',
  },
  'help.profile route after': {
    fr: '\nExemple :\n  depledger profile route --token paris --dry-run --serial C02XK1ABCD12',
    en: '\nExample:\n  depledger profile route --token paris --dry-run --serial C02XK1ABCD12',
  },
  'help.assign': {
    fr: 'attribuer un profil publié à des appareils chez Apple (le profil par défaut du jeton est attribué automatiquement à la synchronisation)',
    en: "assign a published profile to devices at Apple (the token's default is assigned automatically at sync)",
  },
  'help.assign <serials>': { fr: 'numéros de série', en: 'serial numbers' },
  'help.assign --profile': { fr: 'le profil', en: 'the profile' },
  'help.assign --token': {
    fr: 'le jeton auquel appartiennent les appareils et le profil',
    en: 'the token the devices and the profile belong to',
  },
  'help.assign after': {
    fr: '\nLes attributions FAILED sont retentées après 24 h, les THROTTLED quand Apple le permet (à la prochaine synchronisation).\n\nExemple :\n  depledger assign C02XK1ABCD12 F4HQ2WXYZ001 --profile corp --token paris',
    en: '\nFAILED assignments are retried after 24 h, THROTTLED ones when Apple allows (at the next sync).\n\nExample:\n  depledger assign C02XK1ABCD12 F4HQ2WXYZ001 --profile corp --token paris',
  },
  'help.business': {
    fr: 'l’API d’Apple School and Business Manager : les appareils de l’organisation, les serveurs MDM et l’attribution (étape 6 sans le portail)',
    en: "Apple School and Business Manager's API: the organisation's devices, MDM servers and assignment (step 6 without the portal)",
  },
  'help.business connect': {
    fr: 'connecter un compte d’API d’Apple School ou Business Manager (sa clé va au coffre)',
    en: 'connect an API account of Apple School or Business Manager (its key goes to the vault)',
  },
  'help.business connect --client-id': {
    fr: 'l’identifiant client du compte (BUSINESSAPI.… ou SCHOOLAPI.…)',
    en: "the account's client id (BUSINESSAPI.… or SCHOOLAPI.…)",
  },
  'help.business connect --key-id': { fr: 'l’identifiant de clé du compte', en: "the account's key id" },
  'help.business connect --key': { fr: 'la clé privée téléchargée depuis le portail', en: 'the private key the portal downloaded' },
  'help.business connect --account': { fr: 'le nom du compte dans depledger', en: "depledger's name for the account" },
  'help.business connect --expires': {
    fr: 'la date d’expiration de la clé du compte, telle que sa page du portail l’affiche (avertissement 30, 7 et 1 jours avant)',
    en: "when the account's key expires, as its page in the portal shows it (warned 30, 7 and 1 days before)",
  },
  'help.business connect after': {
    fr: '\nExemple :\n  depledger business connect --client-id BUSINESSAPI.9703f56c-… --key-id d136aa66-… --key api-key.pem',
    en: '\nExample:\n  depledger business connect --client-id BUSINESSAPI.9703f56c-… --key-id d136aa66-… --key api-key.pem',
  },
  'help.business servers': {
    fr: 'les serveurs MDM de l’organisation (identifiants pour business assign --server)',
    en: "the organisation's MDM servers (ids for business assign --server)",
  },
  'help.business servers --account': { fr: 'le compte d’API', en: 'the API account' },
  'help.business servers after': { fr: '\nExemple :\n  depledger business servers', en: '\nExample:\n  depledger business servers' },
  'help.business devices': {
    fr: 'les appareils de l’organisation tels qu’Apple les liste, et la situation de chacun vis-à-vis de DEP',
    en: "the organisation's devices as Apple lists them, and where each stands with DEP",
  },
  'help.business devices --order': { fr: 'seulement les appareils de cette commande', en: "only this order's devices" },
  'help.business devices --apple-care': {
    fr: 'lire et enregistrer aussi la couverture AppleCare (un appel par appareil)',
    en: 'read and record AppleCare coverage too (one call per device)',
  },
  'help.business devices --account': { fr: 'le compte d’API', en: 'the API account' },
  'help.business devices after': {
    fr: '\nChaque exécution lit l’inventaire chez Apple et enregistre ce qui a changé (OrgDeviceSeen, OrgDeviceChanged, OrgDeviceReleased).\n\nExemple :\n  depledger business devices --order W123456789',
    en: '\nEach run reads the inventory from Apple and records what changed (OrgDeviceSeen, OrgDeviceChanged, OrgDeviceReleased).\n\nExample:\n  depledger business devices --order W123456789 --lang en',
  },
  'help.business assign': {
    fr: 'attribuer des appareils à un serveur MDM chez Apple (étape 6 sans le portail) ; attend la fin de l’activité d’Apple',
    en: "assign devices to an MDM server at Apple (step 6 without the portal); waits until Apple's activity finishes",
  },
  'help.business assign --server': {
    fr: 'le serveur MDM (business servers les liste)',
    en: 'the MDM server (business servers lists them)',
  },
  'help.business assign --deadline': {
    fr: 'faire migrer les appareils inscrits par un autre serveur MDM d’ici cette date (ISO, au plus 90 jours à l’avance), sans les effacer',
    en: 'migrate devices enrolled through another MDM server by this date (ISO, at most 90 days ahead), without erasing them',
  },
  'help.business assign --serials': { fr: 'numéros de série, séparés par des virgules', en: 'serial numbers, comma-separated' },
  'help.business assign --order': { fr: 'tous les appareils d’une commande', en: 'every device of an order' },
  'help.business assign --csv': {
    fr: 'un fichier CSV avec un numéro de série par ligne (première colonne)',
    en: 'a CSV file with one serial per line (first column)',
  },
  'help.business assign --account': { fr: 'le compte d’API', en: 'the API account' },
  'help.business assign after': {
    fr: '\nDonnez exactement une option parmi --serials, --order ou --csv. Code de sortie 1 si Apple a laissé des appareils non attribués.\nAvec --deadline, Apple demande à chaque appareil de se réinscrire auprès du nouveau serveur ; son utilisateur peut repousser jusqu’à l’échéance.\nUn appareil inscrit par aucun serveur n’a rien à migrer et reste non attribué.\n\nExemples :\n  depledger business assign --server 1F97349736CF4614A94F624E705841AD --order W123456789\n  depledger business assign --server 1F97349736CF4614A94F624E705841AD --csv devices.csv --deadline 2027-03-15T17:00:00Z',
    en: '\nGive exactly one of --serials, --order or --csv. Exit code 1 when Apple left some devices unassigned.\nWith --deadline, Apple asks each device to re-enroll with the new server; its user can postpone until the deadline.\nA device enrolled through no server has nothing to migrate from and is left unassigned.\n\nExamples:\n  depledger business assign --server 1F97349736CF4614A94F624E705841AD --order W123456789\n  depledger business assign --server 1F97349736CF4614A94F624E705841AD --csv devices.csv --deadline 2027-03-15T17:00:00Z',
  },
  'help.business unassign': {
    fr: 'retirer des appareils d’un serveur MDM chez Apple (ils restent dans l’organisation) ; attend la fin de l’activité d’Apple',
    en: "unassign devices from an MDM server at Apple (they stay in the organisation); waits until Apple's activity finishes",
  },
  'help.business unassign --server': {
    fr: 'le serveur MDM où ils se trouvent (business servers les liste)',
    en: 'the MDM server they are on (business servers lists them)',
  },
  'help.business unassign --serials': { fr: 'numéros de série, séparés par des virgules', en: 'serial numbers, comma-separated' },
  'help.business unassign --order': { fr: 'tous les appareils d’une commande', en: 'every device of an order' },
  'help.business unassign --csv': {
    fr: 'un fichier CSV avec un numéro de série par ligne (première colonne)',
    en: 'a CSV file with one serial per line (first column)',
  },
  'help.business unassign --account': { fr: 'le compte d’API', en: 'the API account' },
  'help.business unassign after': {
    fr: '\nDonnez exactement une option parmi --serials, --order ou --csv. Code de sortie 1 si Apple a laissé des appareils sur le serveur.\n\nExemple :\n  depledger business unassign --server 1F97349736CF4614A94F624E705841AD --serials C02XK1ABCD12',
    en: '\nGive exactly one of --serials, --order or --csv. Exit code 1 when Apple left some devices on the server.\n\nExample:\n  depledger business unassign --server 1F97349736CF4614A94F624E705841AD --serials C02XK1ABCD12',
  },
  'help.business release': {
    fr: 'libérer définitivement des appareils de l’organisation chez Apple (exige --confirm) ; attend la fin de l’activité d’Apple',
    en: "release devices from the organisation at Apple, for good (needs --confirm); waits until Apple's activity finishes",
  },
  'help.business release --confirm': {
    fr: 'confirmer la libération : elle est irréversible',
    en: 'confirm the release: it cannot be undone',
  },
  'help.business release --serials': { fr: 'numéros de série, séparés par des virgules', en: 'serial numbers, comma-separated' },
  'help.business release --order': { fr: 'tous les appareils d’une commande', en: 'every device of an order' },
  'help.business release --csv': {
    fr: 'un fichier CSV avec un numéro de série par ligne (première colonne)',
    en: 'a CSV file with one serial per line (first column)',
  },
  'help.business release --account': { fr: 'le compte d’API', en: 'the API account' },
  'help.business release after': {
    fr: '\nUn appareil libéré quitte l’organisation : il ne peut plus être attribué à un serveur ni inscrit par DEP.\nDonnez exactement une option parmi --serials, --order ou --csv, et --confirm. Code de sortie 1 si Apple a gardé des appareils.\n\nExemple :\n  depledger business release --serials C02XK1ABCD12 --confirm',
    en: '\nA released device leaves the organisation: it can no longer be assigned to a server nor enrolled through DEP.\nGive exactly one of --serials, --order or --csv, and --confirm. Exit code 1 when Apple kept some devices.\n\nExample:\n  depledger business release --serials C02XK1ABCD12 --confirm',
  },
  'help.business migration-deadline': {
    fr: 'déplacer l’échéance des migrations d’appareils en cours chez Apple ; attend la fin de l’activité d’Apple',
    en: "move the deadline of device migrations under way at Apple; waits until Apple's activity finishes",
  },
  'help.business migration-deadline --deadline': {
    fr: 'la nouvelle échéance (ISO, au plus 90 jours à l’avance ; une échéance passée fait migrer aussitôt)',
    en: 'the new deadline (ISO, at most 90 days ahead; a past one migrates at once)',
  },
  'help.business migration-deadline --serials': { fr: 'numéros de série, séparés par des virgules', en: 'serial numbers, comma-separated' },
  'help.business migration-deadline --order': { fr: 'tous les appareils d’une commande', en: 'every device of an order' },
  'help.business migration-deadline --csv': {
    fr: 'un fichier CSV avec un numéro de série par ligne (première colonne)',
    en: 'a CSV file with one serial per line (first column)',
  },
  'help.business migration-deadline --account': { fr: 'le compte d’API', en: 'the API account' },
  'help.business migration-deadline after': {
    fr: '\nDonnez exactement une option parmi --serials, --order ou --csv : des appareils en migration depuis business assign --deadline.\nUne échéance avancée ou passée s’impose aux appareils sans que leurs utilisateurs puissent la repousser.\nCode de sortie 1 si Apple a laissé des appareils inchangés.\n\nExemple :\n  depledger business migration-deadline --deadline 2027-02-01T17:00:00Z --order W123456789',
    en: '\nGive exactly one of --serials, --order or --csv: devices migrating since business assign --deadline.\nAn earlier or past deadline is enforced on the devices without letting their users postpone it.\nExit code 1 when Apple left some devices unchanged.\n\nExample:\n  depledger business migration-deadline --deadline 2027-02-01T17:00:00Z --order W123456789',
  },
  'help.business cancel-migration': {
    fr: 'annuler des migrations d’appareils en cours chez Apple : les appareils retournent à leur ancien serveur ; attend la fin de l’activité d’Apple',
    en: "cancel device migrations under way at Apple: the devices go back to their former server; waits until Apple's activity finishes",
  },
  'help.business cancel-migration --serials': { fr: 'numéros de série, séparés par des virgules', en: 'serial numbers, comma-separated' },
  'help.business cancel-migration --order': { fr: 'tous les appareils d’une commande', en: 'every device of an order' },
  'help.business cancel-migration --csv': {
    fr: 'un fichier CSV avec un numéro de série par ligne (première colonne)',
    en: 'a CSV file with one serial per line (first column)',
  },
  'help.business cancel-migration --account': { fr: 'le compte d’API', en: 'the API account' },
  'help.business cancel-migration after': {
    fr: '\nDonnez exactement une option parmi --serials, --order ou --csv. Code de sortie 1 si Apple a laissé des migrations en cours.\n\nExemple :\n  depledger business cancel-migration --serials C02XK1ABCD12',
    en: '\nGive exactly one of --serials, --order or --csv. Exit code 1 when Apple left some migrations under way.\n\nExample:\n  depledger business cancel-migration --serials C02XK1ABCD12',
  },
  'help.business activity': {
    fr: 'le journal par appareil d’une activité d’Apple (attribution, retrait, libération, changements de migration), une fois terminée',
    en: "the per-device log of one of Apple's activities (assign, unassign, release, migration changes), once it completed",
  },
  'help.business activity --csv': { fr: 'afficher le journal au format CSV fourni par Apple', en: 'print the log as the CSV Apple offers' },
  'help.business activity --account': { fr: 'le compte d’API', en: 'the API account' },
  'help.business activity after': {
    fr: '\nLes identifiants d’activité figurent dans les comptes rendus de business assign / unassign / release / migration-deadline / cancel-migration (--json) et dans leurs événements.\n\nExemple :\n  depledger business activity 4f9c3a2e-… --csv > activity.csv',
    en: '\nThe activity ids are in the reports of business assign / unassign / release / migration-deadline / cancel-migration (--json) and in their events.\n\nExample:\n  depledger business activity 4f9c3a2e-… --csv > activity.csv',
  },
  'help.business status': {
    fr: 'l’état du compte d’API : connecté, refusé par Apple, ou sa clé bientôt expirée (30, 7, 1 jours) ou expirée',
    en: "the API account's health: connected, refused by Apple, or its key expiring (30, 7, 1 days) or expired",
  },
  'help.business status --account': { fr: 'le compte d’API', en: 'the API account' },
  'help.business status after': {
    fr: '\nCode de sortie 1 si la clé est refusée ou expirée.\n\nExemple :\n  depledger business status --json',
    en: '\nExit code 1 when the key is refused or expired.\n\nExample:\n  depledger business status --json',
  },
  'help.sync': {
    fr: 'étape 7, « Synchroniser » : récupérer les appareils du jeton chez Apple et donner le profil par défaut aux nouveaux',
    en: 'step 7, "Sync now": fetch the token\'s devices from Apple and give new ones the default profile',
  },
  'help.sync --token': { fr: 'l’identifiant du jeton', en: 'the token id' },
  'help.sync --full': {
    fr: 'une synchronisation complète (chaque numéro de série rafraîchi) ; au plus une fois tous les 7 jours, plus tôt elle est incrémentale',
    en: 'a full sync (every serial refreshed); at most once every 7 days, sooner runs incremental',
  },
  'help.sync after': {
    fr: '\nRègles (celles du document Intune) : une synchronisation complète au plus une fois tous les 7 jours (une plus\nrapprochée ne rafraîchit que les changements et les numéros de série encore inconnus) ; une exécution doit\nse terminer en 10 minutes ; pendant qu’une exécution tourne, toute autre est refusée. Avec --policy\nintune-current (Intune aujourd’hui) : 15 minutes par exécution et une synchronisation manuelle au plus toutes\nles 15 minutes. Une synchronisation refusée sort avec 3 et indique quand réessayer ; une synchronisation en\néchec ou hors délai sort avec 4 (la suivante reprend à la dernière page enregistrée). Ctrl-C annule\nproprement l’exécution (enregistrée comme SYNC_RUN_CANCELLED, sortie 4) ; la synchronisation suivante n’en est pas retardée.\n\nExemples :\n  depledger sync --token paris\n  depledger sync --token paris --full --json',
    en: "\nRules (the Intune document's): a full sync at most once every 7 days (a sooner one refreshes only\nwhat changed and serials not known yet); a run must finish within 10 minutes; while one runs,\nanother is refused. With --policy intune-current (today's Intune): 15 minutes per run and a manual\nsync at most every 15 minutes. A refused sync exits with 3 and says when to retry; a failed or\ntimed-out one exits with 4 (the next run resumes from the last recorded page). Ctrl-C cancels\nthe run cleanly (recorded as SYNC_RUN_CANCELLED, exit 4); the next sync is not held up by it.\n\nExamples:\n  depledger sync --token paris\n  depledger sync --token paris --full --json",
  },
  'help.syncs': {
    fr: 'l’historique de synchronisation d’un jeton : exécutions et demandes refusées, les plus récentes d’abord, avec leur motif',
    en: "a token's sync history: runs and refused requests, the most recent first, with why",
  },
  'help.syncs --token': { fr: 'l’identifiant du jeton', en: 'the token id' },
  'help.syncs --limit': { fr: 'au plus ce nombre', en: 'at most this many' },
  'help.syncs after': {
    fr: '\nExemple :\n  depledger syncs --token paris --limit 5',
    en: '\nExample:\n  depledger syncs --token paris --limit 5',
  },
  'help.schedule': {
    fr: 'garder les jetons synchronisés selon les règles : synchronisations complètes et incrémentales, contrôles d’expiration (jetons et comptes d’API), nouvelles tentatives d’attribution',
    en: 'keep tokens in sync as the rules say: full and delta syncs, expiry checks (tokens and API accounts), assignment retries',
  },
  'help.schedule --once': {
    fr: 'une passe, puis quitter (pour cron ou un timer systemd)',
    en: 'one pass, then exit (for cron or a systemd timer)',
  },
  'help.schedule --plan': {
    fr: 'afficher ce qui est dû et quand, par jeton et par compte d’API, sans rien faire',
    en: 'print what is due when, per token and per API account, and do nothing',
  },
  'help.schedule --token': { fr: 'seulement ces jetons (par défaut : tous les jetons)', en: 'only these tokens (default: every token)' },
  'help.schedule --every': {
    fr: 'sans --once : à quelle fréquence chercher le travail dû',
    en: 'without --once: how often to look for due work',
  },
  'help.schedule --all-tenants': {
    fr: 'tous les jetons de tous les locataires du stockage (ceux qui ne sont pas oubliés), depuis une seule file, équitable entre locataires : à lancer en exploitant, sans --tenant',
    en: 'every token of every tenant of the store (those not forgotten), from one queue, fair across tenants: run it as the operator, without --tenant',
  },
  'help.schedule --concurrency': {
    fr: 'avec --all-tenants : jetons traités à la fois sur ce nœud (8 par défaut)',
    en: 'with --all-tenants: tokens worked on at once on this node (default 8)',
  },
  'help.schedule --per-tenant': {
    fr: 'avec --all-tenants : parmi eux, au plus ce nombre d’une même organisation (2 par défaut)',
    en: 'with --all-tenants: of those, at most this many of one organisation (default 2)',
  },
  'help.schedule --node': {
    fr: 'avec --all-tenants : ce nœud parmi les nœuds qui planifient le même stockage, en comptant à partir de 1 (par ex. 1/3 ; 1/1 par défaut)',
    en: 'with --all-tenants: this node among the nodes scheduling the same store, counting from 1 (e.g. 1/3; default 1/1)',
  },
  'help.schedule --standby': {
    fr: 'avec --all-tenants : combien de temps le nœud suivant attend avant de prendre un jeton que son premier nœud n’a pas pris (par ex. 90s, 2m ; 2m par défaut)',
    en: 'with --all-tenants: how long the next node waits before taking a token its first node has not (e.g. 90s, 2m; default 2m)',
  },
  'help.schedule after': {
    fr: '\nÀ chaque passe, pour chaque jeton actif : le contrôle d’expiration une fois par jour ; une synchronisation complète\nune fois l’intervalle des synchronisations complètes (7 jours) écoulé depuis la dernière, sinon une synchronisation\nincrémentale une fois l’intervalle incrémental écoulé (24 h ; 12 h avec --policy intune-current) depuis la dernière\nexécution ; sinon les nouvelles tentatives d’attribution dues. L’échéance d’une synchronisation se déduit des\nexécutions enregistrées : une tâche cron qui lance --once toutes les quelques minutes synchronise donc exactement\naussi souvent que le veulent les règles. Une exécution en échec est retentée après 5 minutes, puis 10, 20...\n(dans un même processus). Sans --once, tourne jusqu’à Ctrl-C, qui annule une synchronisation en cours\n(enregistrée ; la suivante reprend à sa dernière page).\nLes identifiants de chaque compte d’API School and Business Manager sont aussi contrôlés une fois par jour,\navec les mêmes avertissements qu’un jeton de serveur (`business status` les affiche).\n\nCodes de sortie avec --once : 0 tout est fait, 3 une synchronisation a été refusée, 4 une synchronisation ou un appel a échoué.\n\nAvec --all-tenants, une seule file pour tous les locataires : le plus tôt dû d’abord, --concurrency à la fois, au plus\n--per-tenant d’une même organisation ; avec plusieurs nœuds sur un même stockage, chaque jeton est pris par son premier nœud\nà son échéance, et par le suivant un délai --standby plus tard s’il est encore dû (le bail d’exécution décide toujours).\nUn locataire oublié est laissé de côté. --plan affiche la file avec le locataire de chaque jeton.\n\nExemples :\n  depledger schedule --once\n  depledger schedule --plan\n  depledger schedule --every 300 --token paris lyon\n  depledger schedule --all-tenants --concurrency 16 --per-tenant 2 --node 1/3 --standby 2m',
    en: "\nEach pass, per active token: the expiry check once a day; a full sync once the full-sync interval\n(7 days) has passed since the last full one, else a delta sync once the delta interval has passed\n(24 h; 12 h with --policy intune-current) since the last run; else the assignment retries that are\ndue. When a sync is due comes from the recorded runs, so a cron job running --once every few\nminutes syncs exactly as often as the rules say. A failed run is retried after 5 minutes, then\n10, 20... (within one process). Without --once, runs until Ctrl-C, which cancels a sync in flight\n(recorded; the next run resumes from its last page).\nEach School and Business Manager API account's credentials are checked for expiry once a day too,\nwarned as a server token is (business status shows them).\n\nExit codes with --once: 0 all done, 3 a sync was refused, 4 a sync failed or a call failed.\n\nWith --all-tenants, one queue for every tenant: the earliest due first, --concurrency at once, at most\n--per-tenant of one organisation; with several nodes on one store, each token is taken by its first node\nwhen due and by the next one a --standby delay later if still due (the run lease still decides).\nA forgotten tenant is left out. --plan prints the queue with each token's tenant.\n\nExamples:\n  depledger schedule --once\n  depledger schedule --plan\n  depledger schedule --every 300 --token paris lyon\n  depledger schedule --all-tenants --concurrency 16 --per-tenant 2 --node 1/3 --standby 2m",
  },
  'help.serve': {
    fr: 'servir l’API JSON (OpenAPI sur /openapi.json) pour un MDM écrit dans n’importe quel langage, et exécuter le planificateur',
    en: 'serve the JSON API (OpenAPI at /openapi.json) for an MDM in any language, and run the scheduler',
  },
  'help.serve --port': { fr: 'port TCP (0 : n’importe quel port libre)', en: 'TCP port (0: any free one)' },
  'help.serve --host': {
    fr: 'adresse d’écoute (boucle locale par défaut ; placez TLS devant avant de l’ouvrir davantage)',
    en: 'address to listen on (loopback by default; put TLS in front before opening it wider)',
  },
  'help.serve --no-schedule': {
    fr: 'ne pas exécuter le planificateur dans le serveur (synchronisations seulement sur demande)',
    en: 'do not run the scheduler inside the server (syncs only when asked)',
  },
  'help.serve --every': {
    fr: 'à quelle fréquence le planificateur cherche le travail dû',
    en: 'how often the scheduler looks for due work',
  },
  'help.serve --webhook-allow': {
    fr: 'laisser les webhooks joindre ces hôtes ou plages du réseau interne (refusés par défaut : boucle locale, lien local, privé, métadonnées) ; aussi DEPLEDGER_WEBHOOK_ALLOW, séparés par des virgules',
    en: 'let webhooks reach these hosts or ranges inside the network (refused by default: loopback, link-local, private, metadata); also DEPLEDGER_WEBHOOK_ALLOW, comma-separated',
  },
  'help.serve --log-level': {
    fr: 'écrire des lignes de journal JSON sur stderr à partir de ce niveau (`debug`, `info`, `warn`, `error`) : requêtes, livraisons de webhooks, ajouts, appels à Apple, synchronisations — identifiants et codes, jamais de secrets ni de personnes',
    en: 'write JSON log lines to stderr from this level up (debug, info, warn, error): requests, webhook deliveries, appends, Apple calls, sync runs — ids and codes, never secrets or people',
  },
  'help.serve after': {
    fr: '\nToutes les routes sauf /openapi.json et /health exigent une clé d’API (Authorization: Bearer <clé>) :\n  depledger api-key create --name my-mdm --scope read write\nLes écritures sont enregistrées avec la clé comme acteur (api:<nom>). SIGTERM ou Ctrl-C cesse d’accepter les requêtes,\nlaisse finir celles en cours, annule une synchronisation en cours (enregistrée ; la suivante reprend à sa dernière page).\nLes webhooks vers la boucle locale, le lien local, les adresses privées ou de métadonnées sont refusés sauf autorisation :\n  depledger serve --webhook-allow 127.0.0.1 hooks.internal 10.20.0.0/16\n\nExemple :\n  depledger serve --store sqlite:./depledger.db --port 8080',
    en: '\nEvery route but /openapi.json and /health needs an API key (Authorization: Bearer <key>):\n  depledger api-key create --name my-mdm --scope read write\nWrites are recorded with the key as actor (api:<name>). SIGTERM or Ctrl-C stops taking requests,\nlets those in flight finish, cancels a sync in flight (recorded; the next run resumes from its last page).\nWebhooks to loopback, link-local, private or metadata addresses are refused unless allowed:\n  depledger serve --webhook-allow 127.0.0.1 hooks.internal 10.20.0.0/16\n\nExample:\n  depledger serve --store sqlite:./depledger.db --port 8080',
  },
  'help.api-key': {
    fr: 'clés d’API pour depledger serve (portées read et write)',
    en: 'API keys for depledger serve (scopes read and write)',
  },
  'help.api-key create': {
    fr: 'créer une clé ; elle est affichée une seule fois et seul son SHA-256 est conservé',
    en: 'create a key; it is printed once and only its SHA-256 is stored',
  },
  'help.api-key create --name': {
    fr: 'ce qui l’utilise (un système, pas une personne) : enregistré comme acteur api:<nom> de ses écritures',
    en: 'what uses it (a system, not a person): recorded as the actor api:<name> of its writes',
  },
  'help.api-key create --scope': { fr: 'read, write ou les deux', en: 'read, write or both' },
  'help.api-key create after': {
    fr: '\nExemple :\n  depledger api-key create --name my-mdm --scope read write',
    en: '\nExample:\n  depledger api-key create --name my-mdm --scope read write',
  },
  'help.api-key list': { fr: 'les clés, sans leurs secrets', en: 'the keys, without their secrets' },
  'help.api-key revoke': {
    fr: 'révoquer une clé : un serveur en cours la refuse dès sa requête suivante',
    en: 'revoke a key: a running server refuses it from its next request',
  },
  // one server for several tenants (issue 23)
  'help.serve --all-tenants': {
    fr: 'servir tous les locataires du stockage : chaque clé répond pour son propre locataire (depledger api-key create --tenant <id>) ; une clé d’exploitant (api-key create --operator) nomme le locataire dans l’en-tête X-Depledger-Tenant',
    en: "serve every tenant of the store: each key answers for its own tenant (depledger api-key create --tenant <id>); an operator's key (api-key create --operator) names the tenant in the header X-Depledger-Tenant",
  },
  'help.serve --concurrency': {
    fr: 'avec --all-tenants : jetons traités à la fois sur ce nœud (8 par défaut)',
    en: 'with --all-tenants: tokens worked on at once on this node (default 8)',
  },
  'help.serve --per-tenant': {
    fr: 'avec --all-tenants : parmi eux, au plus ce nombre d’une même organisation (2 par défaut)',
    en: 'with --all-tenants: of those, at most this many of one organisation (default 2)',
  },
  'help.serve --node': {
    fr: 'avec --all-tenants : ce nœud parmi les nœuds qui planifient le même stockage, en comptant à partir de 1 (par ex. 1/3 ; 1/1 par défaut)',
    en: 'with --all-tenants: this node among the nodes scheduling the same store, counting from 1 (e.g. 1/3; default 1/1)',
  },
  'help.serve --standby': {
    fr: 'avec --all-tenants : combien de temps le nœud suivant attend avant de prendre un jeton que son premier nœud n’a pas pris (par ex. 90s, 2m ; 2m par défaut)',
    en: 'with --all-tenants: how long the next node waits before taking a token its first node has not (e.g. 90s, 2m; default 2m)',
  },
  'help.api-key create --operator': {
    fr: 'une clé d’exploitant (dplop_…) pour serve --all-tenants : elle liste les locataires et n’agit sur l’un d’eux qu’en le nommant (en-tête X-Depledger-Tenant)',
    en: "an operator's key (dplop_…) for serve --all-tenants: it lists the tenants and acts on one only by naming it (header X-Depledger-Tenant)",
  },
  'help.api-key list --operator': {
    fr: 'les clés d’exploitant plutôt que celles du locataire',
    en: "the operator's keys rather than the tenant's",
  },
  'help.api-key revoke --operator': {
    fr: 'une clé d’exploitant plutôt qu’une clé du locataire',
    en: "an operator's key rather than one of the tenant's",
  },
  'help.devices': {
    fr: 'lister les appareils que depledger connaît, avec leur statut (Non contacté, Inscrit, ...)',
    en: 'list the devices depledger knows, with their status (Not contacted, Enrolled, ...)',
  },
  'help.devices --token': { fr: 'seulement les appareils de ce jeton', en: 'only the devices of this token' },
  'help.devices --status': { fr: 'seulement ces statuts', en: 'only these statuses' },
  'help.devices --replacements': {
    fr: 'seulement les appareils de remplacement, avec l’appareil que chacun remplace (détails de remplacement d’Apple)',
    en: "only replacement devices, with the device each one replaces (Apple's replacement details)",
  },
  'help.devices --as-of': {
    fr: 'la liste telle qu’elle était à ce moment (date ISO), reconstituée depuis le journal d’événements',
    en: 'the list as it was at that moment (ISO date), folded from the event log',
  },
  'help.devices after': {
    fr: '\nLes libellés de statut suivent --lang : Non contacté, Inscrit… en français (par défaut), leurs équivalents anglais avec --lang en.\n\nExemples :\n  depledger devices\n  depledger devices --token paris --status not_contacted --lang en\n  depledger devices --json\n  depledger devices --replacements --lang en\n  depledger devices --as-of 2026-11-26T08:00:00Z',
    en: '\nStatus labels follow --lang: Not contacted, Enrolled… in English with --lang en, their French words by default.\n\nExamples:\n  depledger devices\n  depledger devices --token paris --status not_contacted --lang en\n  depledger devices --json\n  depledger devices --replacements --lang en\n  depledger devices --as-of 2026-11-26T08:00:00Z',
  },
  'help.summary': {
    fr: 'le résumé du parc : appareils par statut et par état d’attribution de profil, par jeton',
    en: 'the fleet summary: devices per status and per profile assignment state, per token',
  },
  'help.summary --token': { fr: 'seulement ce jeton', en: 'only this token' },
  'help.summary after': { fr: '\nExemple :\n  depledger summary --token paris', en: '\nExample:\n  depledger summary --token paris' },
  'help.queue': {
    fr: 'les appareils en attente d’une attribution de profil (en attente, en échec, limitée) et la date de chaque nouvelle tentative',
    en: 'devices waiting on a profile assignment (pending, failed, throttled) and when each is retried',
  },
  'help.queue --token': { fr: 'seulement ce jeton', en: 'only this token' },
  'help.queue after': {
    fr: '\nLes attributions FAILED sont retentées après 24 heures, les THROTTLED quand Apple le permet, lors d’une synchronisation ultérieure.\n\nExemple :\n  depledger queue --token paris',
    en: '\nFAILED assignments are retried after 24 hours, THROTTLED ones when Apple allows, at a later sync.\n\nExample:\n  depledger queue --token paris',
  },
  'help.history': {
    fr: 'la chronologie d’un appareil : chaque événement, qui l’a causé (administrateur, synchronisation, enregistrement MDM), quand, et le statut qui en résulte',
    en: "a device's timeline: every event, who caused it (admin, sync, MDM check-in), when, and the status after it",
  },
  'help.history <serial>': { fr: 'le numéro de série', en: 'the serial number' },
  'help.history --as-of': { fr: 's’arrêter à ce moment (date ISO)', en: 'stop at that moment (ISO date)' },
  'help.history after': {
    fr: '\nExemples :\n  depledger history C02XK1ABCD12 --lang en\n  depledger history C02XK1ABCD12 --as-of 2026-11-26',
    en: '\nExamples:\n  depledger history C02XK1ABCD12 --lang en\n  depledger history C02XK1ABCD12 --as-of 2026-11-26',
  },
  'help.enroll': {
    fr: 'enregistrer une inscription remontée par le MDM : l’appareil est inscrit (statut Inscrit) ; pour les MDM qui le signalent par script',
    en: 'record an MDM check-in: the device enrolled (status Enrolled); for MDMs that report it from scripts',
  },
  'help.enroll <serial>': {
    fr: 'le numéro de série de l’appareil qui s’est présenté',
    en: 'the serial number of the device that checked in',
  },
  'help.enroll --user': {
    fr: 'l’utilisateur auquel l’appareil est lié (affinité utilisateur) ; conservé dans le coffre, jamais dans le journal d’événements',
    en: 'the user the device is tied to (user affinity); kept in the vault, never in the event log',
  },
  'help.enroll after': {
    fr: '\nEnregistrer deux fois la même inscription ne change rien.\n\nExemple :\n  depledger enroll C02XK1ABCD12 --user jmartin',
    en: '\nRecording the same check-in twice changes nothing.\n\nExample:\n  depledger enroll C02XK1ABCD12 --user jmartin',
  },
  'help.unenroll': {
    fr: 'enregistrer qu’un administrateur a désinscrit un appareil du MDM (les utilisateurs d’appareils DEP ne le peuvent pas)',
    en: 'record that an administrator unenrolled a device from the MDM (users of DEP devices cannot)',
  },
  'help.unenroll <serial>': { fr: 'le numéro de série', en: 'the serial number' },
  'help.unenroll --reason': { fr: 'le motif, pour la piste d’audit', en: 'why, for the audit trail' },
  'help.unenroll after': {
    fr: '\nExemple :\n  depledger unenroll C02XK1ABCD12 --reason "remis en stock"',
    en: '\nExample:\n  depledger unenroll C02XK1ABCD12 --reason "returned to stock"',
  },
  'help.disown': {
    fr: 'abandonner des appareils chez Apple : ils quittent définitivement votre organisation (POST /devices/disown d’Apple)',
    en: "disown devices at Apple: they leave your organisation for good (Apple's POST /devices/disown)",
  },
  'help.disown <serials>': { fr: 'numéros de série', en: 'serial numbers' },
  'help.disown --reason': {
    fr: 'le motif, pour la piste d’audit (conservé dans l’historique de chaque appareil)',
    en: 'why, for the audit trail (kept in each device history)',
  },
  'help.disown after': {
    fr: '\nExemple :\n  depledger disown C02XK1ABCD12 --reason "vendu à un salarié"',
    en: '\nExample:\n  depledger disown C02XK1ABCD12 --reason "sold to an employee"',
  },
  'help.clear-profile': {
    fr: 'effacer le profil d’inscription des appareils chez Apple (DELETE /profile/devices) ; un profil est réattribué à la prochaine synchronisation ou avec assign',
    en: "clear devices' enrollment profile at Apple (DELETE /profile/devices); a profile is assigned again at the next sync or with assign",
  },
  'help.clear-profile <serials>': { fr: 'numéros de série', en: 'serial numbers' },
  'help.clear-profile --reason': {
    fr: 'le motif, pour la piste d’audit (conservé dans l’historique de chaque appareil)',
    en: 'why, for the audit trail (kept in each device history)',
  },
  'help.clear-profile after': {
    fr: '\nExemple :\n  depledger clear-profile C02XK1ABCD12 F4HQ2WXYZ001 --reason "mauvais profil, à réorienter"',
    en: '\nExample:\n  depledger clear-profile C02XK1ABCD12 F4HQ2WXYZ001 --reason "wrong profile, to be re-routed"',
  },
  'help.activation-lock': {
    fr: 'activer le verrouillage d’activation d’un appareil chez Apple (POST /device/activationlock) ; la clé de dépôt et le code de contournement vont au coffre de depledger',
    en: "enable Activation Lock on a device at Apple (POST /device/activationlock); the escrow key and bypass code go to depledger's vault",
  },
  'help.activation-lock <serial>': { fr: 'le numéro de série', en: 'the serial number' },
  'help.activation-lock --secrets': {
    fr: 'un fichier JSON { "escrowKey": 64 hex (escrow_key d’Apple), "bypassCode": "XXXXX-XXXXX-…" }',
    en: 'a JSON file { "escrowKey": 64 hex (Apple\'s escrow_key), "bypassCode": "XXXXX-XXXXX-…" }',
  },
  'help.activation-lock --lost-message': {
    fr: 'un message affiché par l’appareil (envoyé à Apple, non conservé)',
    en: 'a message the device shows (sent to Apple, not kept)',
  },
  'help.activation-lock --show-bypass-code': {
    fr: 'afficher plutôt le code de contournement conservé pour l’appareil (pour le déverrouiller)',
    en: 'print the bypass code kept for the device instead (to unlock it)',
  },
  'help.activation-lock after': {
    fr: '\nSans --secrets, le verrou appartient au compte qui a créé le serveur MDM dans Apple Business Manager.\n\nExemples :\n  depledger activation-lock F17XK1ABCD12 --secrets lock.json\n  depledger activation-lock F17XK1ABCD12 --show-bypass-code',
    en: '\nWithout --secrets the lock belongs to the account that created the MDM server in Apple Business Manager.\n\nExamples:\n  depledger activation-lock F17XK1ABCD12 --secrets lock.json\n  depledger activation-lock F17XK1ABCD12 --show-bypass-code',
  },
  'help.replacement': {
    fr: 'demander maintenant à Apple quel appareil un appareil de remplacement remplace (GET /device/replacementDetails), et l’enregistrer ; la synchronisation le demande d’elle-même, ceci sert quand cette demande a échoué',
    en: 'ask Apple now which device a replacement device replaces (GET /device/replacementDetails), and record it; the sync asks by itself, this is for a lookup that failed',
  },
  'help.replacement <serial>': {
    fr: 'le numéro de série de l’appareil de remplacement',
    en: 'the serial number of the replacement device',
  },
  'help.replacement after': {
    fr: '\nCode de sortie 0 quand l’appareil d’origine est connu (enregistré maintenant ou avant), 1 quand Apple n’a aucun remplacement enregistré ou ne signale pas l’appareil comme remplacement.\n\nExemple :\n  depledger replacement F17XK1ABCD12',
    en: '\nExit code 0 when the original is known (recorded now or before), 1 when Apple has no replacement record or does not flag the device as a replacement.\n\nExample:\n  depledger replacement F17XK1ABCD12',
  },
  'help.enrollment-check': {
    fr: 'ce que l’URL d’inscription de votre MDM doit répondre à un appareil : autoriser, ou « mise à jour logicielle requise » d’Apple (403) sous l’OS minimal de la règle de routage qui lui correspond, sinon de son profil',
    en: 'what your MDM\'s enrollment URL should answer a device: allow, or Apple\'s "software update required" (403) below the minimum OS of the routing rule it matches, else of its profile',
  },
  'help.enrollment-check --machine-info': {
    fr: 'le MachineInfo de l’appareil tel qu’il l’a envoyé (le corps signé PKCS#7, ou le base64 de x-apple-aspen-deviceinfo)',
    en: "the device's MachineInfo as it sent it (the PKCS#7-signed body, or the x-apple-aspen-deviceinfo base64)",
  },
  'help.enrollment-check --trust': {
    fr: 'les autorités auxquelles la signature de l’appareil doit remonter (les AC d’appareils d’Apple)',
    en: "the authorities the device's signature must chain to (Apple's device CAs)",
  },
  'help.enrollment-check after': {
    fr: '\nUn OS minimal se règle par profil (depledger profile minimum-os corp --os iOS=17.1) ou par règle de routage : { "profileId": "macs", "when": { "family": ["Mac"] }, "minimumOs": { "macOS": { "version": "14.0" } } }\n(depledger profile rules --set) ; celui de la règle pour la plateforme de l’appareil l’emporte. Sort avec 0 pour autoriser, 1 quand l’appareil doit d’abord se mettre à jour.\n\nExemple :\n  depledger enrollment-check --machine-info request.p7s --trust apple-device-ca.pem',
    en: '\nA minimum OS is set per profile (depledger profile minimum-os corp --os iOS=17.1) or per routing rule: { "profileId": "macs", "when": { "family": ["Mac"] }, "minimumOs": { "macOS": { "version": "14.0" } } }\n(depledger profile rules --set); the rule\'s for the device\'s platform comes first. Exits 0 to allow, 1 when the device must update first.\n\nExample:\n  depledger enrollment-check --machine-info request.p7s --trust apple-device-ca.pem',
  },
  'help.rebuild': {
    fr: 'reconstruire les modèles de lecture depuis le journal d’événements, à partir du premier événement (device-status, token-health, sync-history, assignment-queue, tenant-activity)',
    en: 'rebuild read models from the event log, from the first event (device-status, token-health, sync-history, assignment-queue, tenant-activity)',
  },
  'help.rebuild <projection>': { fr: 'un seul modèle de lecture ; tous s’il est omis', en: 'one read model; all of them when omitted' },
  'help.rebuild after': {
    fr: '\nExemples :\n  depledger rebuild\n  depledger rebuild device-status',
    en: '\nExamples:\n  depledger rebuild\n  depledger rebuild device-status',
  },
  'help.simulator': {
    fr: 'le service DEP et le portail d’Apple, simulés sur cette machine',
    en: "Apple's DEP service and portal, simulated on this machine",
  },
  'help.simulator --port': { fr: 'port sur l’hôte ; 0 en choisit un libre', en: 'port on the host; 0 picks a free one' },
  'help.simulator --host': { fr: 'adresse d’écoute', en: 'address to listen on' },
  'help.simulator --devices': {
    fr: 'appareils de l’inventaire de l’organisation, pas encore attribués à un serveur',
    en: "devices in the organisation's inventory, not yet assigned to a server",
  },
  'help.simulator --seed': {
    fr: 'graine de l’inventaire (même graine, mêmes numéros de série)',
    en: 'inventory seed (same seed, same serials)',
  },
  'help.simulator --api-key-out': {
    fr: 'créer aussi un compte d’API School and Business Manager et y écrire sa clé privée (pour depledger business connect)',
    en: 'also create a School and Business Manager API account and write its private key there (for depledger business connect)',
  },
  'help.simulator after': {
    fr: '\nLe simulateur affiche son URL et les identifiants OAuth d’un serveur MDM tout prêt (pour les clients DEP\nqui les prennent tels quels). depledger, lui, prend un jeton de serveur : ajoutez un serveur avec votre .pem\ndans le portail du simulateur (depledger simulator portal add-server), puis attribuez-lui des appareils.\n\nExemples :\n  depledger simulator --port 8080 --devices 50\n  depledger simulator portal add-server --pem paris.pem --out paris.p7m\n  depledger simulator portal assign --server <id> --order W123456789\n  depledger simulator power-on C02XK1ABCD12\n  depledger simulator --api-key-out api-key.pem   (puis depledger business connect avec les identifiants affichés)',
    en: "\nThe simulator prints its URL and the OAuth credentials of a ready-made MDM server (for DEP clients\nthat take them raw). depledger itself takes a server token: add a server with your .pem at the\nsimulator's portal (depledger simulator portal add-server), then assign devices to it.\n\nExamples:\n  depledger simulator --port 8080 --devices 50\n  depledger simulator portal add-server --pem paris.pem --out paris.p7m\n  depledger simulator portal assign --server <id> --order W123456789\n  depledger simulator power-on C02XK1ABCD12\n  depledger simulator --api-key-out api-key.pem   (then depledger business connect with the printed ids)",
  },
  'help.simulator portal': {
    fr: 'ce qu’un administrateur fait dans le portail d’Apple, sur un simulateur en cours d’exécution',
    en: "what an administrator does in Apple's portal, at a running simulator",
  },
  'help.simulator portal add-server': {
    fr: 'étape 3 : ajouter un serveur MDM avec votre certificat (.pem) et télécharger son jeton de serveur (.p7m)',
    en: 'step 3: add an MDM server with your certificate (.pem) and download its server token (.p7m)',
  },
  'help.simulator portal add-server --pem': {
    fr: 'le certificat produit par `depledger key generate`',
    en: 'the certificate from `depledger key generate`',
  },
  'help.simulator portal add-server --out': { fr: 'où écrire le jeton de serveur', en: 'where to write the server token' },
  'help.simulator portal add-server --name': {
    fr: 'le nom du serveur MDM affiché dans le portail',
    en: 'the MDM server name shown in the portal',
  },
  'help.simulator portal add-server --force': { fr: 'remplacer --out s’il existe', en: 'replace --out if it exists' },
  'help.simulator portal add-server --simulator-url': {
    fr: 'le simulateur en cours d’exécution (par défaut : DEPLEDGER_SIMULATOR_URL ou http://127.0.0.1:8080)',
    en: 'the running simulator (default: DEPLEDGER_SIMULATOR_URL or http://127.0.0.1:8080)',
  },
  'help.simulator portal add-server after': {
    fr: '\nExemple :\n  depledger simulator portal add-server --pem paris.pem --out paris.p7m --name "Paris MDM"',
    en: '\nExample:\n  depledger simulator portal add-server --pem paris.pem --out paris.p7m --name "Paris MDM"',
  },
  'help.simulator portal renew': {
    fr: 'télécharger un nouveau jeton de serveur pour un serveur MDM (renouvellement) ; le précédent cesse aussitôt de fonctionner',
    en: 'download a new server token for an MDM server (renewal); the previous token stops working at once',
  },
  'help.simulator portal renew --server': { fr: 'l’identifiant du serveur MDM', en: 'the MDM server id' },
  'help.simulator portal renew --pem': {
    fr: 'le certificat de la clé de renouvellement (`depledger key generate` à nouveau pour le même jeton)',
    en: 'the certificate of the renewal key (`depledger key generate` again for the same token)',
  },
  'help.simulator portal renew --out': { fr: 'où écrire le nouveau jeton de serveur', en: 'where to write the new server token' },
  'help.simulator portal renew --force': { fr: 'remplacer --out s’il existe', en: 'replace --out if it exists' },
  'help.simulator portal renew --simulator-url': {
    fr: 'le simulateur en cours d’exécution (par défaut : DEPLEDGER_SIMULATOR_URL ou http://127.0.0.1:8080)',
    en: 'the running simulator (default: DEPLEDGER_SIMULATOR_URL or http://127.0.0.1:8080)',
  },
  'help.simulator portal renew after': {
    fr: '\nLe jeton renouvelé doit être chargé avec le même identifiant Apple que le premier.\n\nExemple :\n  depledger key generate --token paris --out paris-2027.pem\n  depledger simulator portal renew --server <id> --pem paris-2027.pem --out paris-2027.p7m',
    en: '\nThe renewed token must be uploaded with the same Apple ID as the first one.\n\nExample:\n  depledger key generate --token paris --out paris-2027.pem\n  depledger simulator portal renew --server <id> --pem paris-2027.pem --out paris-2027.p7m',
  },
  'help.simulator portal assign': {
    fr: 'étape 6 : attribuer des appareils à un serveur MDM par numéro de série, numéro de commande ou fichier CSV',
    en: 'step 6: assign devices to an MDM server by serial number, order number or CSV file',
  },
  'help.simulator portal assign --server': {
    fr: 'l’identifiant du serveur MDM (donné par add-server ou `portal servers`)',
    en: 'the MDM server id (from add-server or `portal servers`)',
  },
  'help.simulator portal assign --serials': { fr: 'numéros de série', en: 'serial numbers' },
  'help.simulator portal assign --order': { fr: 'tous les appareils d’un numéro de commande', en: 'every device of an order number' },
  'help.simulator portal assign --csv': {
    fr: 'un fichier CSV dont la première colonne contient les numéros de série (une ligne d’en-tête est ignorée)',
    en: 'a CSV file whose first column holds serial numbers (a header line is skipped)',
  },
  'help.simulator portal assign --simulator-url': {
    fr: 'le simulateur en cours d’exécution (par défaut : DEPLEDGER_SIMULATOR_URL ou http://127.0.0.1:8080)',
    en: 'the running simulator (default: DEPLEDGER_SIMULATOR_URL or http://127.0.0.1:8080)',
  },
  'help.simulator portal assign after': {
    fr: '\nExemples :\n  depledger simulator portal assign --server <id> --serials C02XK1ABCD12 F4HQ2WXYZ001\n  depledger simulator portal assign --server <id> --order W123456789\n  depledger simulator portal assign --server <id> --csv devices.csv',
    en: '\nExamples:\n  depledger simulator portal assign --server <id> --serials C02XK1ABCD12 F4HQ2WXYZ001\n  depledger simulator portal assign --server <id> --order W123456789\n  depledger simulator portal assign --server <id> --csv devices.csv',
  },
  'help.simulator portal servers': { fr: 'les serveurs MDM de l’organisation', en: "the organisation's MDM servers" },
  'help.simulator portal servers --simulator-url': {
    fr: 'le simulateur en cours d’exécution (par défaut : DEPLEDGER_SIMULATOR_URL ou http://127.0.0.1:8080)',
    en: 'the running simulator (default: DEPLEDGER_SIMULATOR_URL or http://127.0.0.1:8080)',
  },
  'help.simulator portal servers after': {
    fr: '\nExemple :\n  depledger simulator portal servers --simulator-url http://127.0.0.1:8080',
    en: '\nExample:\n  depledger simulator portal servers --simulator-url http://127.0.0.1:8080',
  },
  'help.simulator portal devices': {
    fr: 'les appareils de l’organisation tels que le portail les liste',
    en: "the organisation's devices as the portal lists them",
  },
  'help.simulator portal devices --server': {
    fr: 'seulement ceux attribués à ce serveur MDM',
    en: 'only those assigned to this MDM server',
  },
  'help.simulator portal devices --order': { fr: 'seulement cette commande', en: 'only this order' },
  'help.simulator portal devices --simulator-url': {
    fr: 'le simulateur en cours d’exécution (par défaut : DEPLEDGER_SIMULATOR_URL ou http://127.0.0.1:8080)',
    en: 'the running simulator (default: DEPLEDGER_SIMULATOR_URL or http://127.0.0.1:8080)',
  },
  'help.simulator portal devices after': {
    fr: '\nExemples :\n  depledger simulator portal devices\n  depledger simulator portal devices --order W123456789 --json',
    en: '\nExamples:\n  depledger simulator portal devices\n  depledger simulator portal devices --order W123456789 --json',
  },
  'help.simulator power-on': {
    fr: 'allumer des appareils : chacun récupère son profil et appelle l’URL d’inscription du profil (votre MDM)',
    en: "switch devices on: each fetches its profile and calls the profile's enrollment URL (your MDM)",
  },
  'help.simulator power-on <serials>': { fr: 'numéros de série', en: 'serial numbers' },
  'help.simulator power-on --simulator-url': {
    fr: 'le simulateur en cours d’exécution (par défaut : DEPLEDGER_SIMULATOR_URL ou http://127.0.0.1:8080)',
    en: 'the running simulator (default: DEPLEDGER_SIMULATOR_URL or http://127.0.0.1:8080)',
  },
  'help.simulator power-on after': {
    fr: '\nExemple :\n  depledger simulator power-on C02XK1ABCD12 F4HQ2WXYZ001',
    en: '\nExample:\n  depledger simulator power-on C02XK1ABCD12 F4HQ2WXYZ001',
  },
  'help.demo': {
    fr: 'rejouer les huit étapes du document Intune face à un simulateur local, dans ./depledger.db (remplace un fichier existant)',
    en: "replay the Intune document's eight steps against a local simulator into ./depledger.db (replaces an existing one)",
  },
  'help.demo after': {
    fr: '\nExemples :\n  depledger demo\n  depledger demo --lang en',
    en: '\nExamples:\n  depledger demo\n  depledger demo --lang en',
  },
} as const satisfies Record<string, Label>;

/** A key of the help texts. */
export type HelpTextKey = keyof typeof texts;

/** The help texts, by key. */
export const helpTexts: Readonly<Record<HelpTextKey, Label>> = texts;
