/**
 * Every error code depledger reports, with what it means, the `depledger` command's exit code and
 * the HTTP status a server answers with. The packages that throw a code are named in `thrownBy`.
 *
 * `DepledgerError` takes only these codes, so a new code is added here first; docs/errors.md is
 * generated from this table (`scripts/generate-error-catalogue.mjs`, checked by
 * test/error-catalogue.spec.ts).
 */

/** `depledger`'s exit code for an error: 1 refused or failed, 2 bad input (nothing was recorded). */
export type ErrorExitCode = 1 | 2;

/** The published packages of depledger. */
export type DepledgerPackage =
  'core' | 'projections' | 'apple' | 'apple-simulator' | 'store-sqlite' | 'store-postgres' | 'store-eventstoredb' | 'serve' | 'cli';

/** One code of the catalogue. */
export type ErrorCodeEntry = Readonly<{
  /** What happened and what to do, in a sentence or two. */
  meaning: string;
  /** The `depledger` command's exit code. */
  exitCode: ErrorExitCode;
  /** The HTTP status a server built on depledger answers with. */
  httpStatus: number;
  /** The packages that throw (or report) it. */
  thrownBy: readonly DepledgerPackage[];
}>;

type Shape = Record<string, ErrorCodeEntry>;

const entry = (exitCode: ErrorExitCode, httpStatus: number, thrownBy: readonly DepledgerPackage[], meaning: string): ErrorCodeEntry => ({
  meaning,
  exitCode,
  httpStatus,
  thrownBy,
});

/** Bad input: exit 2. */
const input = (httpStatus: number, thrownBy: readonly DepledgerPackage[], meaning: string) => entry(2, httpStatus, thrownBy, meaning);
/** Refused or failed: exit 1. */
const failed = (httpStatus: number, thrownBy: readonly DepledgerPackage[], meaning: string) => entry(1, httpStatus, thrownBy, meaning);

const core = ['core'] as const;
const apple = ['apple'] as const;
const cli = ['cli'] as const;

/** Apple's own error codes, as the Apple client reports them (`AppleError.code`). */
const appleAnswers = {
  APPLE_FORBIDDEN: failed(
    502,
    apple,
    'Apple refused the server token (403 FORBIDDEN) even with a fresh session: it was revoked or replaced. Upload a new server token.',
  ),
  APPLE_ACCESS_DENIED: failed(502, apple, 'Apple denied access (ACCESS_DENIED): this MDM server or token lacks access to the request.'),
  APPLE_T_C_NOT_SIGNED: failed(
    502,
    apple,
    "Apple's terms and conditions changed (T_C_NOT_SIGNED): an administrator must accept them in Apple Business or School Manager.",
  ),
  APPLE_TOKEN_REJECTED: failed(
    502,
    apple,
    'Apple rejected the server token (token_rejected): it was revoked or replaced. Upload a new server token.',
  ),
  APPLE_SIGNATURE_INVALID: failed(
    502,
    apple,
    "Apple rejected the token's OAuth signature (signature_invalid): the token was replaced or its secrets are wrong.",
  ),
  APPLE_APPLE_SEED_FOR_IT_TURNED_OFF: failed(502, apple, 'The organisation turned off AppleSeed for IT (APPLE_SEED_FOR_IT_TURNED_OFF).'),
  APPLE_USER_AGENT_MISSING: failed(502, apple, 'Apple requires a User-Agent (USER_AGENT_MISSING): set `userAgent` to "product/version".'),
  APPLE_USER_AGENT_INVALID: failed(
    502,
    apple,
    'Apple refused the User-Agent (USER_AGENT_INVALID): use "product/version" with a real version.',
  ),
  APPLE_CURSOR_REQUIRED: failed(
    502,
    apple,
    'Apple needs a cursor to sync (CURSOR_REQUIRED); a sync run starts over with a fetch by itself.',
  ),
  APPLE_INVALID_CURSOR: failed(
    502,
    apple,
    'Apple does not know the cursor (INVALID_CURSOR); a sync run starts over with a fetch by itself.',
  ),
  APPLE_EXHAUSTED_CURSOR: failed(
    502,
    apple,
    'The fetch already returned every device (EXHAUSTED_CURSOR); a sync run continues with a sync by itself.',
  ),
  APPLE_EXPIRED_CURSOR: failed(
    502,
    apple,
    'The cursor is older than 7 days (EXPIRED_CURSOR); a sync run starts over with a fetch by itself.',
  ),
  APPLE_DEVICE_ID_REQUIRED: failed(502, apple, 'Apple needs at least one serial number (DEVICE_ID_REQUIRED).'),
  APPLE_PROFILE_UUID_REQUIRED: failed(502, apple, 'Apple needs a profile UUID (PROFILE_UUID_REQUIRED).'),
  APPLE_CONFIG_NAME_INVALID: failed(502, apple, 'Apple rejected the profile name (CONFIG_NAME_INVALID): at most 125 UTF-8 bytes.'),
  APPLE_CONFIG_NAME_REQUIRED: failed(502, apple, 'Apple needs a profile name (CONFIG_NAME_REQUIRED).'),
  APPLE_CONFIG_URL_INVALID: failed(
    502,
    apple,
    'Apple rejected the enrollment URL (CONFIG_URL_INVALID): an http(s) URL of at most 2000 characters.',
  ),
  APPLE_CONFIG_URL_REQUIRED: failed(502, apple, 'Apple needs an enrollment URL (CONFIG_URL_REQUIRED).'),
  APPLE_DEPARTMENT_INVALID: failed(502, apple, 'Apple rejected the department (DEPARTMENT_INVALID): at most 125 characters.'),
  APPLE_FLAGS_INVALID: failed(
    502,
    apple,
    'Apple rejected the profile flags (FLAGS_INVALID): a profile that cannot be removed must be supervised.',
  ),
  APPLE_LOCALE_INVALID: failed(502, apple, 'Apple rejected the language or region (LOCALE_INVALID).'),
  APPLE_MAGIC_INVALID: failed(502, apple, 'Apple rejected org_magic (MAGIC_INVALID): at most 256 characters.'),
  APPLE_SUPPORT_EMAIL_INVALID: failed(502, apple, 'Apple rejected the support e-mail address (SUPPORT_EMAIL_INVALID).'),
  APPLE_SUPPORT_PHONE_INVALID: failed(
    502,
    apple,
    'Apple rejected the support phone number (SUPPORT_PHONE_INVALID): at most 50 characters.',
  ),
  APPLE_MDM_SERVICE_DISCOVERY_URL_REQUIRED: failed(
    502,
    apple,
    'Apple needs an MDM service discovery URL (MDM_SERVICE_DISCOVERY_URL_REQUIRED).',
  ),
  APPLE_MDM_SERVICE_DISCOVERY_URL_NOT_VALID: failed(
    502,
    apple,
    'Apple rejected the MDM service discovery URL (MDM_SERVICE_DISCOVERY_URL_NOT_VALID).',
  ),
  APPLE_ORG_NOT_SUPPORTED: failed(502, apple, 'The organisation does not support this request (ORG_NOT_SUPPORTED).'),
  APPLE_UNKNOWN_CODE: failed(
    502,
    apple,
    'Apple answered with an error code this version does not know; `details.appleCode` and `details.httpStatus` say which.',
  ),
  APPLE_HTTP_ERROR: failed(
    502,
    apple,
    'Apple answered with an error status and no error code; `details.httpStatus` says which (401 after a fresh session: upload a new server token).',
  ),
} as const satisfies Shape;

/** The domain's words for Apple's failures (`GatewayError.code`, one per `GatewayFailure`). */
const gatewayFailures = {
  GATEWAY_CURSOR_EXPIRED: failed(502, core, "Apple's cursor expired; a sync run starts over with a fetch by itself."),
  GATEWAY_CURSOR_INVALID: failed(502, core, 'Apple does not know the cursor; a sync run starts over with a fetch by itself.'),
  GATEWAY_CURSOR_REQUIRED: failed(502, core, 'Apple needs a cursor; a sync run starts over with a fetch by itself.'),
  GATEWAY_CURSOR_EXHAUSTED: failed(502, core, 'The fetch is complete; a sync run continues with a sync from the same cursor.'),
  GATEWAY_TERMS_NOT_SIGNED: failed(
    502,
    core,
    "Apple's terms changed: an administrator must accept them in Apple Business or School Manager before anything works again.",
  ),
  GATEWAY_TOKEN_REJECTED: failed(502, core, 'Apple rejected the server token (revoked or replaced): upload a new one.'),
  GATEWAY_ACCESS_DENIED: failed(502, core, 'Apple denied this MDM server access to the request.'),
  GATEWAY_TOKEN_MISSING: failed(409, core, "The token's OAuth secrets are not in the vault: upload its server token (.p7m)."),
  GATEWAY_PROFILE_INVALID: failed(502, core, 'Apple refused the profile settings; the message names the field.'),
  GATEWAY_PROFILE_NOT_FOUND: failed(502, core, 'Apple does not know the profile UUID: publish the profile again.'),
  GATEWAY_ENROLLMENT_URL_INVALID: failed(
    502,
    core,
    'Apple refused the MDM service discovery URL of the account-driven enrollment profile (missing or not valid): give the https URL your MDM serves service discovery at.',
  ),
  GATEWAY_ORG_NOT_SUPPORTED: failed(
    502,
    core,
    'Apple says the organisation does not support this request (ORG_NOT_SUPPORTED), e.g. account-driven enrollment or activation lock for its type of account.',
  ),
  GATEWAY_BAD_REQUEST: failed(502, core, 'Apple refused the request as malformed: a bug in depledger or a change in Apple’s API.'),
  GATEWAY_UNAVAILABLE: failed(503, core, 'Apple could not be reached, or kept failing, after every retry: try again later.'),
  GATEWAY_ABORTED: failed(504, core, 'The call to Apple was aborted (the sync deadline or a shutdown).'),
} as const satisfies Shape;

/**
 * The catalogue: every code, its meaning, exit code, HTTP status and the packages that throw it.
 * Look a code up with `describeErrorCode(code)`.
 */
export const errorCatalogue = {
  // Input and concurrency (core)
  INVALID_INPUT: input(
    400,
    ['core', 'cli'],
    'A value from outside (a command, a flag, a file) is not valid; the message names the field. Nothing was recorded.',
  ),
  CONCURRENCY_CONFLICT: failed(
    409,
    core,
    'Someone else changed the stream between the read and the write. Retry: the command is decided again on the new state.',
  ),
  EVENT_UPCAST_MISSING: failed(500, core, 'The store holds an event version this version of depledger cannot read: upgrade depledger.'),

  // Tokens (core)
  TOKEN_NOT_FOUND: failed(404, ['core', 'cli'], 'There is no such token: generate its encryption key first.'),
  TOKEN_REMOVED: failed(409, core, 'The token was removed; use another token id.'),
  TOKEN_NO_KEY: failed(409, core, 'The token has no encryption key: generate one first.'),
  TOKEN_KEY_MISSING: failed(
    409,
    core,
    "The token's private key is no longer in the vault: generate a new key and upload its certificate to Apple.",
  ),
  TOKEN_KEY_UNKNOWN: failed(409, core, 'The server token was decrypted with a key the token does not know.'),
  TOKEN_NOT_UPLOADED: failed(409, ['core', 'cli'], 'The token has a key but no server token yet: upload the .p7m first.'),
  TOKEN_NOT_ACTIVE: failed(409, core, 'The token may not talk to Apple: it has no server token, or it was removed.'),
  TOKEN_EXPIRED: failed(409, core, 'The server token expired: download a new one from Apple and upload it.'),
  TOKEN_REJECTED: failed(409, core, 'Apple rejected the server token: download a new one from Apple and upload it.'),
  TOKEN_IN_USE: failed(409, core, 'Devices or profiles still point at the token: release the devices and retire the profiles first.'),
  RENEWAL_APPLE_ID_MISMATCH: failed(409, core, 'A renewal must use the Apple ID of the first upload.'),
  RENEWAL_NOT_CONFIRMED: input(
    409,
    core,
    'The token has an active server token: a new key starts its renewal. Confirm it (`renew: true`, `key generate --renew`), or choose another token id for a new MDM server.',
  ),
  RENEWAL_SERVER_MISMATCH: failed(
    409,
    core,
    "The server token belongs to a different MDM server than the one the token uses: upload the renewal of the token's own server, or confirm that it replaces it (`replaces: true`, `token upload --replaces`).",
  ),
  RENEWAL_SERVER_UNVERIFIED: failed(
    503,
    core,
    'Apple could not confirm which MDM server the renewal belongs to, so it was not recorded: try again later (or confirm it replaces the server with `--replaces`).',
  ),
  SERVER_TOKEN_EXPIRED: input(422, ['core', 'apple'], 'The server token (.p7m) has expired: download a new one from Apple.'),
  SERVER_TOKEN_NOT_P7M: input(422, apple, 'The file is not a server token (.p7m) from Apple.'),
  SERVER_TOKEN_WRONG_KEY: input(
    422,
    apple,
    "The server token was made for another key: upload this token's certificate to Apple and download a new token.",
  ),
  SERVER_TOKEN_UNREADABLE: input(422, apple, 'The server token decrypts but its content cannot be read: download it again.'),
  SERVER_TOKEN_UNUSABLE: input(
    422,
    apple,
    'The server token does not decrypt to a valid token (made for another key, damaged, or with unreadable fields; one answer for all, so no padding oracle): download it again for this key.',
  ),
  SERVER_TOKEN_FIELD_INVALID: input(422, apple, 'A field of the server token is missing or malformed; the message names it.'),
  ENCRYPTION_KEY_INVALID: input(422, apple, 'The encryption key or certificate given cannot be used.'),
  OAUTH_SECRETS_UNREADABLE: failed(
    500,
    apple,
    'The OAuth secrets stored for the token cannot be read: upload the server token (.p7m) again.',
  ),

  // Profiles (core)
  PROFILE_INVALID: input(400, core, 'The profile settings are not valid; the message names the field.'),
  PROFILE_NOT_FOUND: failed(404, ['core', 'cli'], 'There is no such profile: define it first.'),
  PROFILE_EXISTS: failed(409, core, 'A profile with this id exists already: revise it, or choose another id.'),
  PROFILE_RETIRED: failed(409, core, 'The profile is retired: choose or define another one.'),
  PROFILE_NOT_PUBLISHED: failed(409, core, 'The profile has not been published to Apple yet: publish it first.'),
  PROFILE_OF_OTHER_TOKEN: failed(409, core, 'The profile belongs to another token.'),
  PROFILE_VERSION_STALE: failed(409, core, 'A newer version of the profile exists; the older one cannot be published any more.'),
  PROFILE_IS_DEFAULT: failed(409, core, "The profile is its token's default: make another one the default before retiring it."),

  // Tenants (core)
  TENANT_ID_INVALID: input(
    400,
    core,
    'The tenant (organisation) id is not valid: lower-case letters and digits in words joined by single hyphens, at most 40 characters.',
  ),
  TENANT_SCOPE_VIOLATION: failed(
    403,
    core,
    "The name or reference belongs to another tenant (organisation): a tenant's depledger reads and writes only its own.",
  ),
  // Forgetting a tenant (core, vaults with a key per tenant)
  TENANT_FORGOTTEN: failed(
    410,
    core,
    'The tenant (organisation) was forgotten: its vault key was destroyed and it records nothing more (no event, no secret, no personal data); its past events still replay.',
  ),
  TENANT_NOT_FORGETTABLE: failed(
    409,
    core,
    'The default tenant cannot be forgotten: its vault entries are under the vault key itself (forget them one by one, or rotate the key).',
  ),
  VAULT_TENANT_KEYS_UNSUPPORTED: failed(
    501,
    core,
    'This vault has no key per tenant, so it cannot forget a tenant: use the SQLite or PostgreSQL store (or the in-memory vault).',
  ),

  // Devices (core)
  DEVICE_UNKNOWN: failed(404, core, 'The device is not known: assign it to an MDM server at Apple and sync first.'),
  DEVICE_NOT_ASSIGNED: failed(409, core, "The device is not assigned to this token's MDM server: assign it at Apple, then sync."),
  DEVICE_NOT_ENROLLED: failed(409, core, 'The device is not enrolled; there is nothing to unenroll.'),
  DEVICE_NOT_FOUND: failed(404, cli, 'depledger has no history for this serial: check it, or sync its token first.'),

  // Sync runs (core)
  SYNC_RUN_NOT_RUNNING: failed(409, core, 'The sync run is no longer running (it finished, failed or timed out meanwhile).'),
  SYNC_RUN_TIMED_OUT: failed(
    504,
    core,
    'Reported in a sync result: the run passed its deadline; the next run resumes from its last recorded page.',
  ),
  SYNC_RUN_CANCELLED: failed(
    503,
    core,
    'Reported in a sync result: the run was cancelled; the next run resumes from its last recorded page.',
  ),
  SYNC_RUN_LEASE_LOST: failed(
    503,
    core,
    "Reported in a sync result, and thrown by a store (through core's `runLeaseLost`) refusing a write of the run: the run stopped renewing its run lease for longer than the lease (the process slept or stalled) and another run took the token over, so the store no longer takes the run's writes (nothing of a refused write is stored); the run that holds the token resumes from this one's last recorded page. Nothing to do but let it, or start a sync again once it ends.",
  ),
  SYNC_RUN_ERROR: failed(
    500,
    core,
    'Reported in a sync result: the run stopped on an unexpected error; the next run resumes from its last recorded page.',
  ),

  // Apple (apple): the client's own failures, then Apple's answers
  APPLE_UNAVAILABLE: failed(
    503,
    apple,
    "Apple's DEP service could not be reached, or kept answering 5xx, after every attempt: try again later.",
  ),
  APPLE_RESPONSE_TOO_LARGE: failed(
    502,
    apple,
    'An answer was larger than Apple ever sends for its endpoint (after gzip/deflate is undone); reading stopped there. Check the base URL and any proxy in between.',
  ),
  APPLE_ABORTED: failed(504, apple, 'The request to Apple was aborted by the caller (a deadline or a shutdown).'),
  APPLE_UNEXPECTED_RESPONSE: failed(502, apple, "Apple's answer cannot be read: check the base URL; if it is Apple's, its API changed."),
  APPLE_CREDENTIALS_MISSING: failed(409, apple, 'There are no OAuth secrets for the token: upload its server token (.p7m) first.'),
  APPLE_PROFILE_INVALID: input(400, apple, 'The profile cannot be sent to Apple as it is; the message names the field.'),
  MACHINE_INFO_INVALID: input(
    400,
    apple,
    "A device's MachineInfo (sent to the MDM's enrollment URL) is not a readable PKCS#7-signed property list: pass the body as received, or the x-apple-aspen-deviceinfo header's base64.",
  ),
  MACHINE_INFO_SIGNATURE_INVALID: failed(
    403,
    apple,
    "A device's MachineInfo is not signed as it claims, or not by a trusted authority: refuse the enrollment.",
  ),
  ...appleAnswers,
  ...gatewayFailures,

  // Apple School and Business Manager API (core's business service, apple's adapter)
  BUSINESS_GATEWAY_MISSING: failed(
    500,
    core,
    'createDepledger was given no Business API gateway: pass `business: createBusinessGateway(…)`.',
  ),
  BUSINESS_CREDENTIALS_INVALID: input(
    400,
    ['core', 'apple'],
    "The client id, key id or private key cannot be an API account's: check them. Nothing was recorded.",
  ),
  BUSINESS_ACCOUNT_NOT_CONNECTED: input(404, core, 'No API account of that name is connected: run `depledger business connect` first.'),
  BUSINESS_SELECTION_INVALID: input(
    400,
    core,
    'Give exactly one of serials, an order number or a CSV file, naming at least one serial number.',
  ),
  BUSINESS_ORDER_UNKNOWN: failed(404, core, 'No device of the organisation belongs to the order: check the order number.'),
  BUSINESS_SERIALS_UNKNOWN: failed(
    404,
    core,
    'Some serial numbers are not in the organisation (the details list them). Nothing was recorded.',
  ),
  BUSINESS_SERVER_UNKNOWN: failed(404, core, 'Apple lists no such MDM server in the organisation: see `depledger business servers`.'),
  BUSINESS_ASSIGNMENT_EXISTS: failed(409, core, 'An assignment with that id exists already.'),
  BUSINESS_ASSIGNMENT_NOT_FOUND: input(404, core, 'There is no assignment with that id.'),
  BUSINESS_RELEASE_NOT_CONFIRMED: input(
    400,
    core,
    'Releasing devices from the organisation cannot be undone: confirm it (`--confirm`, or `confirm: true`) after checking the serial numbers.',
  ),
  BUSINESS_SERIALS_NOT_ON_SERVER: input(
    400,
    core,
    'Some serial numbers are not on that MDM server at Apple, so there is nothing to unassign: see `depledger business devices`.',
  ),
  BUSINESS_REMOVAL_EXISTS: failed(409, core, 'A removal (unassign or release) with that id exists already: choose another id.'),
  BUSINESS_REMOVAL_NOT_FOUND: input(404, core, 'There is no removal (unassign or release) with that id.'),
  BUSINESS_ACTIVITY_LOG_UNAVAILABLE: failed(
    409,
    core,
    'Apple offers no log for this activity yet: it has not completed. Look again once it has (business activity <id>).',
  ),
  BUSINESS_MIGRATION_DEADLINE_INVALID: input(
    400,
    core,
    'A migration deadline must be a date and time, not past for a new migration, at most 90 days ahead (e.g. 2027-03-15T17:00:00Z). Nothing was sent.',
  ),
  BUSINESS_NO_MIGRATION: input(
    400,
    core,
    'Some devices have no migration under way at Apple, so there is no deadline to move or migration to cancel: see `depledger business devices`. Nothing was sent.',
  ),
  BUSINESS_MIGRATION_CHANGE_EXISTS: failed(
    409,
    core,
    'A migration change (new deadline or cancellation) with that id exists already: choose another id.',
  ),
  BUSINESS_MIGRATION_CHANGE_NOT_FOUND: input(404, core, 'There is no migration change (new deadline or cancellation) with that id.'),
  BUSINESS_KEY_INVALID: input(
    400,
    apple,
    "The API account's private key cannot be read (not a P-256 EC key in PEM), or is no longer in the vault: connect the account again.",
  ),
  BUSINESS_AUTH_REFUSED: failed(
    502,
    apple,
    'Apple refused the client assertion or a fresh access token: check the key id and the client id, or connect the account again.',
  ),
  BUSINESS_SCOPE_REFUSED: failed(502, apple, 'Apple refused the scope asked for: check that the client id is the API account’s.'),
  BUSINESS_FORBIDDEN: failed(502, apple, 'The API account may not do this (HTTP 403): give it the permission in the portal.'),
  BUSINESS_NOT_FOUND: failed(404, apple, 'Apple knows no such resource (HTTP 404): check the id.'),
  BUSINESS_REQUEST_REJECTED: failed(502, apple, 'Apple rejected the request; the message gives its status and code.'),
  BUSINESS_ACTIVITY_TIMEOUT: failed(
    504,
    apple,
    'Apple has not finished the assignment activities yet; they go on at Apple: look again later with their ids.',
  ),
  BUSINESS_URL_NOT_APPLE: input(
    400,
    apple,
    "The Business API's token endpoint or API URL is neither Apple's nor a simulator on this machine: nothing was sent nor recorded; check --apple-url.",
  ),

  // Durable consumers (core)
  CONSUMER_STOPPED: failed(409, core, 'The consumer was stopped before it caught up: start it again; it resumes from its checkpoint.'),
  CONSUMER_DEAD_LETTER_UNKNOWN: input(404, core, 'The consumer has no dead letter at this position: list them with deadLetters().'),
  CONSUMER_DEAD_LETTER_REPLAYED: failed(409, core, 'The dead letter was replayed already.'),
  CONSUMER_DEAD_LETTER_MISSING: failed(404, core, 'The event set aside is no longer in the store.'),

  // depledger serve (serve)
  REQUEST_INVALID: input(
    400,
    ['serve'],
    'The request does not match its schema (wrong types, unknown fields); the details name the fields. Nothing was recorded.',
  ),
  INVALID_JSON: input(400, ['serve'], 'The request body is not JSON.'),
  BODY_TOO_LARGE: input(413, ['serve'], 'The request body is larger than the limit: send less.'),
  UNSUPPORTED_MEDIA_TYPE: input(415, ['serve'], 'The request body has a Content-Type this route does not take: see the OpenAPI document.'),
  ROUTE_NOT_FOUND: input(404, ['serve'], 'No route at this method and path: see /openapi.json.'),
  API_KEY_MISSING: input(401, ['serve'], 'The request carries no API key: send it as a Bearer token.'),
  API_KEY_INVALID: input(401, ['serve'], 'The API key is unknown or revoked.'),
  API_KEY_SCOPE: input(403, ['serve'], "The API key's scope does not allow this request (a read key asked to write)."),
  API_KEY_NOT_FOUND: input(404, ['serve'], 'There is no API key with this id.'),
  // one server for several tenants (issue 23)
  API_TENANT_REQUIRED: input(
    400,
    ['serve'],
    "An operator's key acts on a tenant only by naming it: send the X-Depledger-Tenant header (GET /tenants lists the tenants).",
  ),
  API_OPERATOR_ONLY: input(
    403,
    ['serve'],
    "The route answers an operator's key only (depledger api-key create --operator), not a tenant's key.",
  ),
  SYNC_REFUSED: failed(409, ['serve'], 'The sync was refused by the rules (one run at a time, the full-sync interval): retry at retryAt.'),
  SYNC_RUN_NOT_FOUND: input(404, ['serve'], 'There is no sync run with this id.'),
  WEBHOOK_NOT_FOUND: input(404, ['serve'], 'There is no webhook with this id.'),
  WEBHOOK_DELIVERY_NOT_FOUND: input(404, ['serve'], 'There is no delivery with this id for the webhook.'),
  WEBHOOK_TARGET_REFUSED: input(
    422,
    ['serve'],
    "The webhook URL's host is, or resolves to, an address inside the network (loopback, link-local, private, metadata): register a public receiver, or have the operator allow that host or range (`depledger serve --webhook-allow <host|CIDR>`, DEPLEDGER_WEBHOOK_ALLOW). Nothing was recorded.",
  ),
  WEBHOOK_TARGET_UNRESOLVED: input(
    422,
    ['serve'],
    "The webhook URL's host name does not resolve: check the name (and the server's DNS). Nothing was recorded.",
  ),
  WEBHOOK_ALLOW_INVALID: input(
    400,
    ['serve'],
    'An entry of the webhook allow-list is neither a host name nor an IP address or CIDR range: give e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8 or hooks.internal.',
  ),
  WEBHOOK_SECRET_MISSING: failed(500, ['serve'], "The webhook's signing secret is not in the vault: register the webhook again."),
  WEBHOOK_DELIVERY_FAILED: failed(
    502,
    ['serve'],
    'The webhook receiver did not acknowledge the delivery; it is retried, then set aside for redelivery.',
  ),
  SERVE_LISTEN_FAILED: failed(500, cli, 'depledger serve cannot listen on the host and port: choose another --port or --host.'),

  // Projections and read models (the stores throw the read-model codes through @depledger/projections' readModelErrors)
  PROJECTION_INVALID: input(400, ['projections'], 'A projection definition is not valid; the message names the field.'),
  PROJECTION_DUPLICATE: failed(500, ['projections'], 'Two projections have the same name: give each read model its own.'),
  PROJECTION_UNKNOWN: failed(404, ['projections'], 'There is no read model with this name.'),
  PROJECTION_FEED_ENDED: failed(503, ['projections'], "The event store's live feed ended (was the store closed?): start the runner again."),
  READ_MODEL_CHECKPOINT_CONFLICT: failed(
    409,
    ['projections'],
    'Another runner is folding events into the same read model: run one runner per read-model store.',
  ),
  READ_MODEL_VERSION_UNKNOWN: failed(
    404,
    ['projections'],
    'There is no such read-model version (never created, or dropped after a rebuild).',
  ),
  READ_MODEL_VERSION_LIVE: failed(409, ['projections'], 'The read-model version is live: switch to another before dropping it.'),
  READ_MODEL_DOCUMENT_INVALID: failed(
    500,
    ['projections'],
    "A projection's documents are not JSON data (no bigint, function or undefined); nothing was written.",
  ),

  // SQLite store and its vault (store-sqlite)
  SQLITE_OPEN_FAILED: failed(500, ['store-sqlite'], 'The SQLite file cannot be opened: check the path and its permissions.'),
  SQLITE_SCHEMA_TOO_NEW: failed(
    500,
    ['store-sqlite'],
    'The SQLite file was written by a newer depledger: upgrade depledger. Nothing was written.',
  ),
  SQLITE_BUSY: failed(503, ['store-sqlite'], 'Another process held the SQLite write lock too long: try again.'),
  SQLITE_STORE_CLOSED: failed(500, ['store-sqlite'], 'The SQLite store was closed before the call.'),
  VAULT_KEY_MISSING: failed(
    500,
    ['store-sqlite', 'store-postgres'],
    'No vault key: pass `vaultKey`, set DEPLEDGER_VAULT_KEY, or restore the key file beside the database.',
  ),
  VAULT_KEY_INVALID: failed(500, ['store-sqlite', 'store-postgres'], 'The vault key is not 32 bytes of base64.'),
  VAULT_KEY_FILE_INSECURE: failed(
    500,
    ['store-sqlite', 'store-postgres'],
    'The vault key file can be read by others: make it readable by its owner only (chmod 600).',
  ),
  VAULT_KEY_MISMATCH: failed(
    500,
    ['store-sqlite', 'store-postgres'],
    "The vault key is not the one this database's vault was written with.",
  ),
  VAULT_ENTRY_CORRUPT: failed(500, ['store-sqlite', 'store-postgres'], 'A vault entry cannot be decrypted: the database was altered.'),
  VAULT_KEY_ROTATED: failed(
    409,
    ['store-sqlite', 'store-postgres'],
    'The vault key was rotated (or a rotation is under way) while this store was open: close every process that uses the store and open it again.',
  ),

  // PostgreSQL store and its vault (store-postgres)
  POSTGRES_URL_INVALID: input(
    400,
    ['store-postgres'],
    'The connection URL is not a PostgreSQL URL (postgres://user@host:port/database), or names no database.',
  ),
  POSTGRES_UNREACHABLE: failed(
    503,
    ['store-postgres'],
    "No PostgreSQL server answered at the URL's host and port: start it, or check the URL.",
  ),
  POSTGRES_AUTHENTICATION_FAILED: failed(
    500,
    ['store-postgres'],
    'The PostgreSQL server refused the user or password: check the URL (the password is never printed).',
  ),
  POSTGRES_DATABASE_MISSING: failed(
    500,
    ['store-postgres'],
    "The URL's database does not exist on the server: create it (createdb) or name another.",
  ),
  POSTGRES_UNAVAILABLE: failed(
    503,
    ['store-postgres'],
    'The connection was lost, or the server kept refusing, after every retry: nothing was half-written; try again.',
  ),
  POSTGRES_SCHEMA_TOO_NEW: failed(
    500,
    ['store-postgres'],
    'The schema was written by a newer depledger: upgrade depledger. Nothing was written.',
  ),
  POSTGRES_SCHEMA_MISSING: failed(500, ['store-postgres'], 'The schema does not exist and opening was not allowed to create it.'),
  POSTGRES_SCHEMA_NAME_INVALID: input(
    400,
    ['store-postgres'],
    'The schema name is not one depledger accepts (lower-case letters, digits and underscores).',
  ),
  POSTGRES_STORE_CLOSED: failed(500, ['store-postgres'], 'The PostgreSQL store was closed before the call.'),

  // EventStoreDB store (store-eventstoredb)
  EVENTSTOREDB_UNAVAILABLE: failed(
    503,
    ['store-eventstoredb'],
    'EventStoreDB could not be reached: check that the server runs and the connection string.',
  ),
  EVENTSTOREDB_FAILED: failed(500, ['store-eventstoredb'], 'EventStoreDB refused an operation; the message gives its words.'),
  EVENTSTOREDB_FOREIGN_EVENT: failed(
    500,
    ['store-eventstoredb'],
    "An event in depledger's streams was not written by depledger: keep other writers out.",
  ),
  EVENTSTOREDB_POSITION_UNKNOWN: failed(
    500,
    ['store-eventstoredb'],
    'EventStoreDB reported no $all position: depledger needs EventStoreDB 22.6 or later.',
  ),
  EVENTSTOREDB_POSITION_TOO_LARGE: failed(
    500,
    ['store-eventstoredb'],
    'An EventStoreDB position is beyond 2^53 and cannot be a JavaScript number.',
  ),
  EVENTSTOREDB_CLIENT_UNSUPPORTED: failed(
    500,
    ['store-eventstoredb'],
    'The installed @eventstore/db-client lacks what depledger uses: install the version the package pins.',
  ),
  DUPLICATE_EVENT_ID: failed(400, ['store-eventstoredb'], 'An event id appears twice in one append; nothing was written.'),
  EVENT_NOT_JSON: failed(400, ['store-eventstoredb'], 'An event is not JSON (dates and big numbers must be strings); nothing was written.'),
  CHECKPOINT_BACKWARDS: failed(409, ['store-eventstoredb'], 'A checkpoint may only move forward: rebuild into a fresh read model instead.'),

  // Simulator (apple-simulator's own API)
  UNKNOWN_SERVER: failed(404, ['apple-simulator'], 'The simulator has no MDM server with this id.'),
  UNKNOWN_DEVICE: failed(404, ['apple-simulator'], 'The simulator has no device with this serial.'),
  NOT_STARTED: failed(500, ['apple-simulator'], 'The simulator was asked for its URL before it started.'),
  ALREADY_STARTED: failed(500, ['apple-simulator'], 'The simulator was started twice.'),

  // The depledger command (cli)
  USAGE: input(400, cli, 'The command line is wrong (an unknown flag, a missing argument): see --help.'),
  UNEXPECTED: failed(500, ['core', 'cli'], 'Something failed that depledger did not expect: a bug if it repeats; please report it.'),
  INVALID_STORE: input(400, cli, '--store names no usable store: give sqlite:<file> or an esdb:// connection string.'),
  STORE_NOT_FOUND: failed(
    404,
    cli,
    'There is no depledger store there yet: start with `depledger key generate`, or point --store at an existing one.',
  ),
  FILE_NOT_FOUND: input(400, cli, 'A file named on the command line does not exist.'),
  FILE_UNREADABLE: input(400, cli, 'A file named on the command line cannot be read.'),
  FILE_UNWRITABLE: input(400, cli, 'An output file cannot be written.'),
  FILE_EXISTS: input(400, cli, 'The output file exists already: choose another name, or pass --force.'),
  FILE_IS_LINK: input(
    400,
    cli,
    'The output path is a symbolic link: depledger never writes through links. Give the real path, or remove the link.',
  ),
  FILE_TOO_LARGE: input(400, cli, 'The input file is far larger than such a file holds: check the path.'),
  UNKNOWN_PROJECTION: input(400, cli, 'There is no read model with this name: see the list in the message.'),
  SIMULATOR_START_FAILED: failed(500, cli, 'The simulator cannot listen on the port: choose another (--port 0 picks a free one).'),
  SIMULATOR_UNREACHABLE: failed(503, cli, 'No simulator answers at the URL: start one with `depledger simulator`.'),
  SIMULATOR_UNKNOWN_SERVER: failed(404, cli, 'The simulator has no MDM server with this id.'),
  SIMULATOR_UNKNOWN_DEVICE: failed(404, cli, 'The simulator has no device with this serial.'),
  SIMULATOR_INVALID_INPUT: failed(400, cli, 'The simulator refused the request as invalid; the message says why.'),
  SIMULATOR_REFUSED: failed(502, cli, 'The simulator refused the request; `details.error` and `details.httpStatus` say how.'),
  DEMO_STEP_FAILED: failed(500, cli, 'A command of the walk-through (pnpm demo) failed: its own output, shown with it, says why.'),
} as const satisfies Shape;

/** Every error code depledger reports. */
export type ErrorCode = keyof typeof errorCatalogue;

/** The codes, in the catalogue's order. */
export const errorCodes = Object.keys(errorCatalogue) as readonly ErrorCode[];

/** Is this string one of the catalogue's codes? */
export const isErrorCode = (code: string): code is ErrorCode => Object.prototype.hasOwnProperty.call(errorCatalogue, code);

/** A code's entry, with the code itself; `undefined` for a string that is not in the catalogue. */
export const describeErrorCode = (code: string): (ErrorCodeEntry & Readonly<{ code: ErrorCode }>) | undefined =>
  isErrorCode(code) ? { code, ...errorCatalogue[code] } : undefined;
