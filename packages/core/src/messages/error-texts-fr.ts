import type { ErrorCode } from '../errors/error-catalogue';

/**
 * What each error code means and what to do, in French: the English is the catalogue's `meaning`.
 * Typed by the catalogue's codes, so a code added without its French fails the type check.
 */
export const frenchErrorTexts: Readonly<Record<ErrorCode, string>> = {
  INVALID_INPUT: 'Une valeur reçue (commande, option, fichier) n’est pas valable ; le champ est indiqué. Rien n’a été enregistré.',
  CONCURRENCY_CONFLICT:
    'Quelqu’un a modifié le flux entre la lecture et l’écriture. Réessayez : la commande sera décidée sur le nouvel état.',
  EVENT_UPCAST_MISSING:
    'Le stockage contient une version d’événement que cette version de depledger ne sait pas lire : mettez depledger à jour.',
  TOKEN_NOT_FOUND: 'Ce jeton n’existe pas : générez d’abord sa clé de chiffrement.',
  TOKEN_REMOVED: 'Ce jeton a été supprimé ; utilisez un autre identifiant de jeton.',
  TOKEN_NO_KEY: 'Le jeton n’a pas de clé de chiffrement : générez-en une d’abord.',
  TOKEN_KEY_MISSING: 'La clé privée du jeton n’est plus dans le coffre : générez une nouvelle clé et déposez son certificat chez Apple.',
  TOKEN_KEY_UNKNOWN: 'Le jeton de serveur a été déchiffré avec une clé que ce jeton ne connaît pas.',
  TOKEN_NOT_UPLOADED: 'Le jeton a une clé mais pas encore de jeton de serveur : chargez d’abord le .p7m.',
  TOKEN_NOT_ACTIVE: 'Le jeton ne peut pas dialoguer avec Apple : il n’a pas de jeton de serveur, ou il a été supprimé.',
  TOKEN_EXPIRED: 'Le jeton de serveur a expiré : téléchargez-en un nouveau chez Apple et chargez-le.',
  TOKEN_REJECTED: 'Apple a refusé le jeton de serveur : téléchargez-en un nouveau chez Apple et chargez-le.',
  TOKEN_IN_USE: 'Des appareils ou des profils dépendent encore du jeton : libérez les appareils et retirez les profils d’abord.',
  RENEWAL_APPLE_ID_MISMATCH: 'Un renouvellement doit utiliser l’identifiant Apple du premier chargement.',
  RENEWAL_NOT_CONFIRMED:
    'Le jeton a un jeton de serveur actif : une nouvelle clé commence son renouvellement. Confirmez-le (`renew: true`, `key generate --renew`), ou choisissez un autre identifiant pour un nouveau serveur MDM.',
  RENEWAL_SERVER_MISMATCH:
    'Ce jeton de serveur appartient à un autre serveur MDM que celui du jeton : chargez le renouvellement de son propre serveur, ou confirmez qu’il le remplace (`replaces: true`, `token upload --replaces`).',
  RENEWAL_SERVER_UNVERIFIED:
    'Apple n’a pas pu confirmer à quel serveur MDM appartient le renouvellement, qui n’a donc pas été enregistré : réessayez plus tard (ou confirmez le remplacement avec `--replaces`).',
  SERVER_TOKEN_EXPIRED: 'Le jeton de serveur (.p7m) a expiré : téléchargez-en un nouveau chez Apple.',
  SERVER_TOKEN_NOT_P7M: 'Ce fichier n’est pas un jeton de serveur (.p7m) d’Apple.',
  SERVER_TOKEN_WRONG_KEY:
    'Le jeton de serveur a été fait pour une autre clé : déposez le certificat de ce jeton chez Apple et téléchargez un nouveau jeton.',
  SERVER_TOKEN_UNREADABLE: 'Le jeton de serveur se déchiffre mais son contenu est illisible : téléchargez-le à nouveau.',
  SERVER_TOKEN_UNUSABLE:
    'Le jeton de serveur ne se déchiffre pas en un jeton valable (autre clé, fichier abîmé ou champs illisibles ; une seule réponse pour tous les cas) : téléchargez-le à nouveau pour cette clé.',
  SERVER_TOKEN_FIELD_INVALID: 'Un champ du jeton de serveur manque ou est mal formé ; le champ est indiqué.',
  ENCRYPTION_KEY_INVALID: 'La clé de chiffrement ou le certificat fourni est inutilisable.',
  OAUTH_SECRETS_UNREADABLE: 'Les secrets OAuth gardés pour le jeton sont illisibles : chargez à nouveau le jeton de serveur (.p7m).',
  PROFILE_INVALID: 'Les réglages du profil ne sont pas valables ; le champ est indiqué.',
  PROFILE_NOT_FOUND: 'Ce profil n’existe pas : définissez-le d’abord.',
  PROFILE_EXISTS: 'Un profil porte déjà cet identifiant : révisez-le, ou choisissez un autre identifiant.',
  PROFILE_RETIRED: 'Ce profil est retiré : choisissez-en ou définissez-en un autre.',
  PROFILE_NOT_PUBLISHED: 'Ce profil n’est pas encore publié chez Apple : publiez-le d’abord.',
  PROFILE_OF_OTHER_TOKEN: 'Ce profil appartient à un autre jeton.',
  PROFILE_VERSION_STALE: 'Une version plus récente du profil existe ; l’ancienne ne peut plus être publiée.',
  PROFILE_IS_DEFAULT: 'Ce profil est le profil par défaut de son jeton : désignez-en un autre par défaut avant de le retirer.',
  TENANT_ID_INVALID:
    'L’identifiant de locataire (organisation) n’est pas valide : lettres minuscules et chiffres, en mots reliés par un seul tiret, 40 caractères au plus.',
  TENANT_SCOPE_VIOLATION:
    'Ce nom ou cette référence appartient à un autre locataire (organisation) : le depledger d’un locataire ne lit et n’écrit que les siens.',
  TENANT_FORGOTTEN:
    'Ce locataire (organisation) a été oublié : sa clé de coffre a été détruite et il n’enregistre plus rien (ni événement, ni secret, ni donnée personnelle) ; ses événements passés se rejouent toujours.',
  TENANT_NOT_FORGETTABLE:
    'Le locataire par défaut ne peut pas être oublié : ses entrées de coffre sont sous la clé du coffre elle-même (oubliez-les une à une, ou changez la clé).',
  VAULT_TENANT_KEYS_UNSUPPORTED:
    'Ce coffre n’a pas de clé par locataire et ne peut donc pas oublier un locataire : utilisez le stockage SQLite ou PostgreSQL (ou le coffre en mémoire).',
  DEVICE_UNKNOWN: 'Cet appareil est inconnu : attribuez-le à un serveur MDM chez Apple, puis synchronisez.',
  DEVICE_NOT_ASSIGNED: 'Cet appareil n’est pas attribué au serveur MDM de ce jeton : attribuez-le chez Apple, puis synchronisez.',
  DEVICE_NOT_ENROLLED: 'Cet appareil n’est pas inscrit ; il n’y a rien à désinscrire.',
  DEVICE_NOT_FOUND: 'depledger n’a aucun historique pour ce numéro de série : vérifiez-le, ou synchronisez d’abord son jeton.',
  SYNC_RUN_NOT_RUNNING: 'Cette synchronisation n’est plus en cours (terminée, en échec ou hors délai entre-temps).',
  SYNC_RUN_TIMED_OUT: 'Dans un résultat de synchronisation : le délai est dépassé ; la suivante reprend à la dernière page enregistrée.',
  SYNC_RUN_CANCELLED: 'Dans un résultat de synchronisation : elle a été annulée ; la suivante reprend à la dernière page enregistrée.',
  SYNC_RUN_LEASE_LOST:
    'Dans un résultat de synchronisation : son bail n’a plus été renouvelé (processus endormi ou bloqué) et une autre synchronisation a repris le jeton, à partir de la dernière page enregistrée de celle-ci.',
  SYNC_RUN_ERROR:
    'Dans un résultat de synchronisation : une erreur inattendue l’a arrêtée ; la suivante reprend à la dernière page enregistrée.',
  APPLE_UNAVAILABLE: 'Le service DEP d’Apple est injoignable, ou a répondu 5xx à chaque tentative : réessayez plus tard.',
  APPLE_RESPONSE_TOO_LARGE:
    'Une réponse dépasse tout ce qu’Apple envoie pour cette adresse (une fois décompressée) ; la lecture s’est arrêtée là. Vérifiez l’URL de base et tout proxy intermédiaire.',
  APPLE_ABORTED: 'La requête vers Apple a été interrompue par l’appelant (délai ou arrêt).',
  APPLE_UNEXPECTED_RESPONSE: 'La réponse d’Apple est illisible : vérifiez l’URL de base ; si c’est celle d’Apple, son API a changé.',
  APPLE_CREDENTIALS_MISSING: 'Aucun secret OAuth pour ce jeton : chargez d’abord son jeton de serveur (.p7m).',
  APPLE_PROFILE_INVALID: 'Le profil ne peut pas être envoyé à Apple tel quel ; le champ est indiqué.',
  APPLE_FORBIDDEN:
    'Apple refuse le jeton de serveur (403 FORBIDDEN) même avec une nouvelle session : il a été révoqué ou remplacé. Chargez un nouveau jeton de serveur.',
  APPLE_ACCESS_DENIED: 'Apple refuse l’accès (ACCESS_DENIED) : ce serveur MDM ou ce jeton n’a pas droit à cette requête.',
  APPLE_T_C_NOT_SIGNED:
    'Les conditions d’Apple ont changé (T_C_NOT_SIGNED) : un administrateur doit les accepter dans Apple Business Manager ou School Manager.',
  APPLE_TOKEN_REJECTED:
    'Apple refuse le jeton de serveur (token_rejected) : il a été révoqué ou remplacé. Chargez un nouveau jeton de serveur.',
  APPLE_SIGNATURE_INVALID:
    'Apple refuse la signature OAuth du jeton (signature_invalid) : le jeton a été remplacé ou ses secrets sont faux.',
  APPLE_APPLE_SEED_FOR_IT_TURNED_OFF: 'L’organisation a désactivé AppleSeed for IT (APPLE_SEED_FOR_IT_TURNED_OFF).',
  APPLE_USER_AGENT_MISSING: 'Apple exige un User-Agent (USER_AGENT_MISSING) : réglez `userAgent` sur « produit/version ».',
  APPLE_USER_AGENT_INVALID: 'Apple refuse le User-Agent (USER_AGENT_INVALID) : utilisez « produit/version » avec une vraie version.',
  APPLE_CURSOR_REQUIRED:
    'Apple demande un curseur pour synchroniser (CURSOR_REQUIRED) ; la synchronisation repart d’elle-même d’une récupération complète.',
  APPLE_INVALID_CURSOR:
    'Apple ne connaît pas ce curseur (INVALID_CURSOR) ; la synchronisation repart d’elle-même d’une récupération complète.',
  APPLE_EXHAUSTED_CURSOR: 'La récupération a déjà rendu tous les appareils (EXHAUSTED_CURSOR) ; la synchronisation continue d’elle-même.',
  APPLE_EXPIRED_CURSOR:
    'Le curseur a plus de 7 jours (EXPIRED_CURSOR) ; la synchronisation repart d’elle-même d’une récupération complète.',
  APPLE_DEVICE_ID_REQUIRED: 'Apple demande au moins un numéro de série (DEVICE_ID_REQUIRED).',
  APPLE_PROFILE_UUID_REQUIRED: 'Apple demande l’UUID d’un profil (PROFILE_UUID_REQUIRED).',
  APPLE_CONFIG_NAME_INVALID: 'Apple refuse le nom du profil (CONFIG_NAME_INVALID) : 125 octets UTF-8 au plus.',
  APPLE_CONFIG_NAME_REQUIRED: 'Apple demande un nom de profil (CONFIG_NAME_REQUIRED).',
  APPLE_CONFIG_URL_INVALID: 'Apple refuse l’URL d’inscription (CONFIG_URL_INVALID) : une URL http(s) de 2000 caractères au plus.',
  APPLE_CONFIG_URL_REQUIRED: 'Apple demande une URL d’inscription (CONFIG_URL_REQUIRED).',
  APPLE_DEPARTMENT_INVALID: 'Apple refuse le service (DEPARTMENT_INVALID) : 125 caractères au plus.',
  APPLE_FLAGS_INVALID: 'Apple refuse les options du profil (FLAGS_INVALID) : un profil non amovible doit être supervisé.',
  APPLE_LOCALE_INVALID: 'Apple refuse la langue ou la région (LOCALE_INVALID).',
  APPLE_MAGIC_INVALID: 'Apple refuse org_magic (MAGIC_INVALID) : 256 caractères au plus.',
  APPLE_SUPPORT_EMAIL_INVALID: 'Apple refuse l’adresse électronique d’assistance (SUPPORT_EMAIL_INVALID).',
  APPLE_SUPPORT_PHONE_INVALID: 'Apple refuse le numéro de téléphone d’assistance (SUPPORT_PHONE_INVALID) : 50 caractères au plus.',
  APPLE_MDM_SERVICE_DISCOVERY_URL_REQUIRED: 'Apple demande une URL de découverte du service MDM (MDM_SERVICE_DISCOVERY_URL_REQUIRED).',
  APPLE_MDM_SERVICE_DISCOVERY_URL_NOT_VALID: 'Apple refuse l’URL de découverte du service MDM (MDM_SERVICE_DISCOVERY_URL_NOT_VALID).',
  APPLE_ORG_NOT_SUPPORTED: 'L’organisation ne prend pas en charge cette requête (ORG_NOT_SUPPORTED).',
  APPLE_UNKNOWN_CODE:
    'Apple a répondu par un code d’erreur que cette version ne connaît pas ; `details.appleCode` et `details.httpStatus` le précisent.',
  APPLE_HTTP_ERROR:
    'Apple a répondu par un statut d’erreur sans code ; `details.httpStatus` le précise (401 après une nouvelle session : chargez un nouveau jeton de serveur).',
  GATEWAY_CURSOR_EXPIRED: 'Le curseur d’Apple a expiré ; la synchronisation repart d’elle-même d’une récupération complète.',
  GATEWAY_CURSOR_INVALID: 'Apple ne connaît pas ce curseur ; la synchronisation repart d’elle-même d’une récupération complète.',
  GATEWAY_CURSOR_REQUIRED: 'Apple demande un curseur ; la synchronisation repart d’elle-même d’une récupération complète.',
  GATEWAY_CURSOR_EXHAUSTED: 'La récupération est complète ; la synchronisation continue à partir du même curseur.',
  GATEWAY_TERMS_NOT_SIGNED:
    'Les conditions d’Apple ont changé : un administrateur doit les accepter dans Apple Business Manager ou School Manager pour que tout refonctionne.',
  GATEWAY_TOKEN_REJECTED: 'Apple a refusé le jeton de serveur (révoqué ou remplacé) : chargez-en un nouveau.',
  GATEWAY_ACCESS_DENIED: 'Apple refuse à ce serveur MDM l’accès à cette requête.',
  GATEWAY_TOKEN_MISSING: 'Les secrets OAuth du jeton ne sont pas dans le coffre : chargez son jeton de serveur (.p7m).',
  GATEWAY_PROFILE_INVALID: 'Apple refuse les réglages du profil ; le champ est indiqué.',
  GATEWAY_PROFILE_NOT_FOUND: 'Apple ne connaît pas l’UUID du profil : publiez à nouveau le profil.',
  GATEWAY_BAD_REQUEST: 'Apple refuse la requête comme mal formée : un défaut de depledger ou un changement de l’API d’Apple.',
  GATEWAY_UNAVAILABLE: 'Apple est injoignable, ou a échoué à chaque nouvelle tentative : réessayez plus tard.',
  GATEWAY_ABORTED: 'L’appel à Apple a été interrompu (délai de la synchronisation ou arrêt).',
  BUSINESS_GATEWAY_MISSING: 'createDepledger n’a reçu aucune passerelle d’API Business : passez `business: createBusinessGateway(…)`.',
  BUSINESS_CREDENTIALS_INVALID:
    'L’identifiant client, l’identifiant de clé ou la clé privée ne peuvent pas être ceux d’un compte d’API : vérifiez-les. Rien n’a été enregistré.',
  BUSINESS_ACCOUNT_NOT_CONNECTED: 'Aucun compte d’API de ce nom n’est connecté : lancez d’abord `depledger business connect`.',
  BUSINESS_SELECTION_INVALID:
    'Donnez exactement une sélection (numéros de série, numéro de commande ou fichier CSV) nommant au moins un numéro de série.',
  BUSINESS_ORDER_UNKNOWN: 'Aucun appareil de l’organisation n’appartient à cette commande : vérifiez le numéro de commande.',
  BUSINESS_SERIALS_UNKNOWN: 'Des numéros de série ne sont pas dans l’organisation (listés dans les détails). Rien n’a été enregistré.',
  BUSINESS_SERVER_UNKNOWN: 'Apple ne connaît pas ce serveur MDM dans l’organisation : voyez `depledger business servers`.',
  BUSINESS_ASSIGNMENT_EXISTS: 'Une attribution porte déjà cet identifiant.',
  BUSINESS_ASSIGNMENT_NOT_FOUND: 'Aucune attribution ne porte cet identifiant.',
  BUSINESS_RELEASE_NOT_CONFIRMED:
    'Libérer des appareils de l’organisation est irréversible : confirmez-le (`--confirm`, ou `confirm: true`) après avoir vérifié les numéros de série.',
  BUSINESS_SERIALS_NOT_ON_SERVER:
    'Des numéros de série ne sont pas sur ce serveur MDM chez Apple, il n’y a donc rien à désattribuer : voyez `depledger business devices`.',
  BUSINESS_REMOVAL_EXISTS: 'Un retrait (désattribution ou libération) porte déjà cet identifiant : choisissez-en un autre.',
  BUSINESS_REMOVAL_NOT_FOUND: 'Aucun retrait (désattribution ou libération) ne porte cet identifiant.',
  BUSINESS_ACTIVITY_LOG_UNAVAILABLE:
    'Apple n’offre pas encore de journal pour cette activité : elle n’est pas terminée. Regardez à nouveau ensuite (business activity <id>).',
  BUSINESS_KEY_INVALID:
    'La clé privée du compte d’API est illisible (pas une clé EC P-256 en PEM) ou n’est plus dans le coffre : connectez à nouveau le compte.',
  BUSINESS_AUTH_REFUSED:
    'Apple refuse l’assertion du client ou un nouveau jeton d’accès : vérifiez l’identifiant de clé et l’identifiant client, ou connectez à nouveau le compte.',
  BUSINESS_SCOPE_REFUSED: 'Apple refuse la portée demandée : vérifiez que l’identifiant client est celui du compte d’API.',
  BUSINESS_FORBIDDEN: 'Le compte d’API n’a pas ce droit (HTTP 403) : accordez-le dans le portail.',
  BUSINESS_NOT_FOUND: 'Apple ne connaît pas cette ressource (HTTP 404) : vérifiez l’identifiant.',
  BUSINESS_REQUEST_REJECTED: 'Apple a refusé la requête ; le statut et le code sont indiqués.',
  BUSINESS_ACTIVITY_TIMEOUT:
    'Apple n’a pas encore fini les activités d’attribution ; elles continuent chez Apple : regardez plus tard avec leurs identifiants.',
  BUSINESS_URL_NOT_APPLE:
    'L’adresse du jeton ou de l’API Business n’est ni celle d’Apple ni un simulateur sur cette machine : rien n’a été envoyé ni enregistré ; vérifiez --apple-url.',
  CONSUMER_STOPPED: 'Le consommateur a été arrêté avant d’avoir rattrapé son retard : relancez-le ; il reprend à son point de reprise.',
  CONSUMER_DEAD_LETTER_UNKNOWN: 'Le consommateur n’a pas d’événement mis de côté à cette position : listez-les avec deadLetters().',
  CONSUMER_DEAD_LETTER_REPLAYED: 'Cet événement mis de côté a déjà été rejoué.',
  CONSUMER_DEAD_LETTER_MISSING: 'L’événement mis de côté n’est plus dans le stockage.',
  REQUEST_INVALID:
    'La requête ne suit pas son schéma (mauvais types, champs inconnus) ; les détails nomment les champs. Rien n’a été enregistré.',
  INVALID_JSON: 'Le corps de la requête n’est pas du JSON.',
  BODY_TOO_LARGE: 'Le corps de la requête dépasse la limite : envoyez moins.',
  UNSUPPORTED_MEDIA_TYPE: 'Le corps de la requête a un Content-Type que cette route ne prend pas : voyez le document OpenAPI.',
  ROUTE_NOT_FOUND: 'Aucune route pour cette méthode et ce chemin : voyez /openapi.json.',
  API_KEY_MISSING: 'La requête ne porte pas de clé d’API : envoyez-la comme jeton Bearer.',
  API_KEY_INVALID: 'Cette clé d’API est inconnue ou révoquée.',
  API_KEY_SCOPE: 'La portée de la clé d’API ne permet pas cette requête (une clé de lecture a voulu écrire).',
  API_KEY_NOT_FOUND: 'Aucune clé d’API ne porte cet identifiant.',
  // un serveur pour plusieurs locataires (issue 23)
  API_TENANT_REQUIRED:
    'Une clé d’exploitant n’agit sur un locataire qu’en le nommant : envoyez l’en-tête X-Depledger-Tenant (GET /tenants liste les locataires).',
  API_OPERATOR_ONLY: 'Cette route ne répond qu’à une clé d’exploitant (depledger api-key create --operator), pas à la clé d’un locataire.',
  SYNC_REFUSED:
    'Synchronisation refusée par les règles (une à la fois, intervalle entre synchronisations complètes) : réessayez à retryAt.',
  SYNC_RUN_NOT_FOUND: 'Aucune synchronisation ne porte cet identifiant.',
  WEBHOOK_NOT_FOUND: 'Aucun webhook ne porte cet identifiant.',
  WEBHOOK_DELIVERY_NOT_FOUND: 'Ce webhook n’a pas de livraison portant cet identifiant.',
  WEBHOOK_TARGET_REFUSED:
    'L’hôte de l’URL du webhook est (ou désigne) une adresse interne au réseau (boucle locale, lien local, privée, métadonnées) : enregistrez un récepteur public, ou faites autoriser cet hôte ou cette plage par l’exploitant (`depledger serve --webhook-allow <hôte|CIDR>`, DEPLEDGER_WEBHOOK_ALLOW). Rien n’a été enregistré.',
  WEBHOOK_TARGET_UNRESOLVED:
    'Le nom d’hôte de l’URL du webhook ne se résout pas : vérifiez le nom (et le DNS du serveur). Rien n’a été enregistré.',
  WEBHOOK_ALLOW_INVALID:
    'Une entrée de la liste d’autorisation des webhooks n’est ni un nom d’hôte, ni une adresse IP, ni une plage CIDR : par exemple 127.0.0.1, 10.0.0.0/8, fd00::/8 ou hooks.internal.',
  WEBHOOK_SECRET_MISSING: 'Le secret de signature du webhook n’est pas dans le coffre : enregistrez à nouveau le webhook.',
  WEBHOOK_DELIVERY_FAILED:
    'Le récepteur du webhook n’a pas accusé réception ; la livraison est retentée, puis mise de côté pour être relivrée.',
  SERVE_LISTEN_FAILED: 'depledger serve ne peut pas écouter sur cet hôte et ce port : choisissez un autre --port ou --host.',
  PROJECTION_INVALID: 'La définition d’une projection n’est pas valable ; le champ est indiqué.',
  PROJECTION_DUPLICATE: 'Deux projections portent le même nom : donnez à chaque modèle de lecture le sien.',
  PROJECTION_UNKNOWN: 'Aucun modèle de lecture ne porte ce nom.',
  PROJECTION_FEED_ENDED: 'Le flux en direct du stockage s’est arrêté (stockage fermé ?) : relancez la projection.',
  READ_MODEL_CHECKPOINT_CONFLICT: 'Une autre projection alimente le même modèle de lecture : une seule par stockage de modèles de lecture.',
  READ_MODEL_VERSION_UNKNOWN: 'Cette version de modèle de lecture n’existe pas (jamais créée, ou supprimée après une reconstruction).',
  READ_MODEL_VERSION_LIVE: 'Cette version de modèle de lecture est en service : basculez sur une autre avant de la supprimer.',
  READ_MODEL_DOCUMENT_INVALID:
    'Les documents d’une projection ne sont pas des données JSON (ni bigint, ni fonction, ni undefined) ; rien n’a été écrit.',
  SQLITE_OPEN_FAILED: 'Impossible d’ouvrir le fichier SQLite : vérifiez le chemin et ses droits.',
  SQLITE_SCHEMA_TOO_NEW: 'Le fichier SQLite a été écrit par un depledger plus récent : mettez depledger à jour. Rien n’a été écrit.',
  SQLITE_BUSY: 'Un autre processus a gardé trop longtemps le verrou d’écriture SQLite : réessayez.',
  SQLITE_STORE_CLOSED: 'Le stockage SQLite était fermé avant l’appel.',
  VAULT_KEY_MISSING:
    'Pas de clé de coffre : passez `vaultKey`, réglez DEPLEDGER_VAULT_KEY ou remettez le fichier de clé à côté de la base.',
  VAULT_KEY_INVALID: 'La clé du coffre n’est pas faite de 32 octets en base64.',
  VAULT_KEY_FILE_INSECURE:
    'Le fichier de clé du coffre est lisible par d’autres : rendez-le lisible par son seul propriétaire (chmod 600).',
  VAULT_KEY_MISMATCH: 'Cette clé de coffre n’est pas celle avec laquelle le coffre de cette base a été écrit.',
  VAULT_ENTRY_CORRUPT: 'Une entrée du coffre ne se déchiffre pas : la base a été altérée.',
  VAULT_KEY_ROTATED:
    'La clé du coffre a été changée (ou un changement est en cours) pendant que ce stockage était ouvert : fermez tous les processus qui l’utilisent et rouvrez-le.',
  POSTGRES_URL_INVALID: 'L’URL de connexion n’est pas une URL PostgreSQL (postgres://utilisateur@hôte:port/base), ou ne nomme aucune base.',
  POSTGRES_UNREACHABLE: 'Aucun serveur PostgreSQL ne répond à l’hôte et au port de l’URL : démarrez-le, ou vérifiez l’URL.',
  POSTGRES_AUTHENTICATION_FAILED:
    'Le serveur PostgreSQL refuse l’utilisateur ou le mot de passe : vérifiez l’URL (le mot de passe n’est jamais affiché).',
  POSTGRES_DATABASE_MISSING: 'La base de l’URL n’existe pas sur le serveur : créez-la (createdb) ou nommez-en une autre.',
  POSTGRES_UNAVAILABLE:
    'La connexion a été perdue, ou le serveur a refusé à chaque nouvelle tentative : rien n’est à moitié écrit ; réessayez.',
  POSTGRES_SCHEMA_TOO_NEW: 'Le schéma a été écrit par un depledger plus récent : mettez depledger à jour. Rien n’a été écrit.',
  POSTGRES_SCHEMA_MISSING: 'Le schéma n’existe pas et l’ouverture n’avait pas le droit de le créer.',
  POSTGRES_SCHEMA_NAME_INVALID: 'depledger n’accepte pas ce nom de schéma (lettres minuscules, chiffres et soulignés).',
  POSTGRES_STORE_CLOSED: 'Le stockage PostgreSQL était fermé avant l’appel.',
  EVENTSTOREDB_UNAVAILABLE: 'EventStoreDB est injoignable : vérifiez que le serveur tourne et la chaîne de connexion.',
  EVENTSTOREDB_FAILED: 'EventStoreDB a refusé une opération ; ses propres mots sont indiqués.',
  EVENTSTOREDB_FOREIGN_EVENT: 'Un événement des flux de depledger n’a pas été écrit par depledger : tenez les autres écrivains à l’écart.',
  EVENTSTOREDB_POSITION_UNKNOWN: 'EventStoreDB n’a donné aucune position $all : depledger demande EventStoreDB 22.6 ou plus récent.',
  EVENTSTOREDB_POSITION_TOO_LARGE: 'Une position EventStoreDB dépasse 2^53 et ne tient pas dans un nombre JavaScript.',
  EVENTSTOREDB_CLIENT_UNSUPPORTED:
    'Le @eventstore/db-client installé n’a pas ce dont depledger se sert : installez la version que le paquet fixe.',
  DUPLICATE_EVENT_ID: 'Un identifiant d’événement apparaît deux fois dans un même ajout ; rien n’a été écrit.',
  EVENT_NOT_JSON: 'Un événement n’est pas du JSON (dates et grands nombres doivent être des chaînes) ; rien n’a été écrit.',
  CHECKPOINT_BACKWARDS: 'Un point de reprise ne peut qu’avancer : reconstruisez plutôt dans un nouveau modèle de lecture.',
  UNKNOWN_SERVER: 'Le simulateur n’a pas de serveur MDM portant cet identifiant.',
  UNKNOWN_DEVICE: 'Le simulateur n’a pas d’appareil portant ce numéro de série.',
  NOT_STARTED: 'On a demandé son URL au simulateur avant son démarrage.',
  ALREADY_STARTED: 'Le simulateur a été démarré deux fois.',
  USAGE: 'La ligne de commande est fausse (option inconnue, argument manquant) : voyez --help.',
  UNEXPECTED: 'Un échec que depledger n’attendait pas : un défaut s’il se répète ; signalez-le.',
  INVALID_STORE: '--store ne désigne aucun stockage utilisable : donnez sqlite:<fichier> ou une chaîne de connexion esdb://.',
  STORE_NOT_FOUND:
    'Il n’y a pas encore de stockage depledger ici : commencez par `depledger key generate`, ou pointez --store sur un stockage existant.',
  FILE_NOT_FOUND: 'Un fichier nommé sur la ligne de commande n’existe pas.',
  FILE_UNREADABLE: 'Un fichier nommé sur la ligne de commande est illisible.',
  FILE_UNWRITABLE: 'Impossible d’écrire un fichier de sortie.',
  FILE_EXISTS: 'Le fichier de sortie existe déjà : choisissez un autre nom, ou passez --force.',
  FILE_IS_LINK:
    'Le chemin de sortie est un lien symbolique : depledger n’écrit jamais à travers un lien. Donnez le vrai chemin, ou supprimez le lien.',
  FILE_TOO_LARGE: 'Le fichier reçu est bien plus gros qu’un tel fichier : vérifiez le chemin.',
  UNKNOWN_PROJECTION: 'Aucun modèle de lecture ne porte ce nom : voyez la liste dans le message.',
  SIMULATOR_START_FAILED: 'Le simulateur ne peut pas écouter sur ce port : choisissez-en un autre (--port 0 en prend un libre).',
  SIMULATOR_UNREACHABLE: 'Aucun simulateur ne répond à cette URL : démarrez-en un avec `depledger simulator`.',
  SIMULATOR_UNKNOWN_SERVER: 'Le simulateur n’a pas de serveur MDM portant cet identifiant.',
  SIMULATOR_UNKNOWN_DEVICE: 'Le simulateur n’a pas d’appareil portant ce numéro de série.',
  SIMULATOR_INVALID_INPUT: 'Le simulateur refuse la requête comme non valable ; le message dit pourquoi.',
  SIMULATOR_REFUSED: 'Le simulateur refuse la requête ; `details.error` et `details.httpStatus` disent comment.',
  DEMO_STEP_FAILED: 'Une commande de la visite guidée (pnpm demo) a échoué : sa propre sortie, montrée avec, dit pourquoi.',
  GATEWAY_ENROLLMENT_URL_INVALID:
    'Apple refuse l’URL de découverte de service du profil d’inscription par compte (absente ou non valable) : donnez l’URL https où votre MDM sert la découverte de service.',
  GATEWAY_ORG_NOT_SUPPORTED:
    'Apple indique que l’organisation ne prend pas en charge cette requête (ORG_NOT_SUPPORTED), par exemple l’inscription par compte ou le verrouillage d’activation pour ce type de compte.',
  MACHINE_INFO_INVALID:
    'Le MachineInfo d’un appareil (envoyé à l’URL d’inscription du MDM) n’est pas une liste de propriétés signée PKCS#7 lisible : transmettez le corps tel que reçu, ou le base64 de l’en-tête x-apple-aspen-deviceinfo.',
  MACHINE_INFO_SIGNATURE_INVALID:
    'Le MachineInfo d’un appareil n’est pas signé comme il le prétend, ou pas par une autorité de confiance : refusez l’inscription.',
  BUSINESS_MIGRATION_DEADLINE_INVALID:
    'Une date limite de migration doit être une date et une heure, non passée pour une nouvelle migration, à 90 jours au plus (par ex. 2027-03-15T17:00:00Z). Rien n’a été envoyé.',
  BUSINESS_NO_MIGRATION:
    'Certains appareils n’ont aucune migration en cours chez Apple : pas de date limite à déplacer ni de migration à annuler (voir `depledger business devices`). Rien n’a été envoyé.',
  BUSINESS_MIGRATION_CHANGE_EXISTS:
    'Un changement de migration (nouvelle date limite ou annulation) porte déjà cet identifiant : choisissez-en un autre.',
  BUSINESS_MIGRATION_CHANGE_NOT_FOUND: 'Aucun changement de migration (nouvelle date limite ou annulation) ne porte cet identifiant.',
};
