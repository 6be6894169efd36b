import type { Clock } from './clock';

/** Organisation details echoed by `GET /account`. */
export interface OrganisationInfo {
  org_name: string;
  org_email: string;
  org_phone: string;
  org_address: string;
  org_id: string;
  org_id_hash: string;
  org_type: 'edu' | 'org';
  org_version: 'v1' | 'v2';
  admin_id: string;
}

/** Options of `createAppleSimulator`. Every field is optional; defaults in brackets. */
export interface SimulatorOptions {
  /** Base clock [system time]; the simulator adds its own movable offset on top. */
  clock?: Clock;
  /** Seed for the inventory and fault decisions [1]. */
  seed?: number;
  /** Session lifetime in seconds [180 — unconfirmed]. */
  sessionTtlSeconds?: number;
  /** Return a new `X-ADM-Auth-Session` every N requests of a session (old one stays valid until its TTL) [0 = never]. */
  rotateSessionEveryRequests?: number;
  /**
   * Allowed skew of `oauth_timestamp`; null = unchecked [300]. A timestamp passes when it is close
   * to the simulator clock or to its base clock, so tests may move the simulator clock while their
   * client signs with real time.
   */
  oauthTimestampWindowSeconds?: number | null;
  /** Use `X-Forwarded-Proto` as the scheme of the signed URL (behind a TLS proxy) [false]. */
  trustForwardedProto?: boolean;
  /** Body of the 403 for a revoked or replaced token [`FORBIDDEN`]. */
  revokedTokenCode?: 'FORBIDDEN' | 'token_rejected';
  /** Page size when the request gives no `limit` [100]. */
  defaultLimit?: number;
  /** Largest page [1000]. */
  maxLimit?: number;
  /** What to do with `limit` above the maximum: clamp it or answer 400 `INVALID_LIMIT` (unconfirmed code) ['clamp']. */
  limitOverMax?: 'clamp' | 'reject';
  /** Age after which a cursor answers `EXPIRED_CURSOR` [7 days]. */
  cursorLifetimeSeconds?: number;
  /** Append a `modified` sync entry on profile assign / push / remove [true — unconfirmed]. */
  logProfileChanges?: boolean;
  /** op_type a device moved in from another server shows on its new server ['added'; Apple sometimes sends 'modified']. */
  moveOpType?: 'added' | 'modified';
  /** Automatic throttle: more than N assignments of one serial within the window → THROTTLED [0 = off]. */
  throttleMaxAssignments?: number;
  throttleWindowSeconds?: number;
  /** How long a throttled serial stays throttled [86400]. */
  throttleCooldownSeconds?: number;
  /** Version assumed when `X-Server-Protocol-Version` is absent [1]. */
  defaultProtocolVersion?: number;
  /** User-Agent values answered with 400 `USER_AGENT_INVALID` [none]. */
  rejectUserAgent?: RegExp;
  /** Devices per assign/remove/disown/details request [1000]. */
  maxDevicesPerRequest?: number;
  /** Timeout of the enrollment call a device makes when powered on [60000 ms: a device at first power-on waits for its MDM; a busy machine running the MDM beside it may take seconds]. */
  enrollTimeoutMs?: number;
  /** Whether the organisation may use account-driven enrollment; false answers `ORG_NOT_SUPPORTED` [true]. */
  accountDrivenEnrollmentSupported?: boolean;
  /** Organisation details for `/account`. */
  organisation?: Partial<OrganisationInfo>;
  /** Start in depsim-compatible mode (see README) [false]. */
  depsim?: boolean;
}

export type SimulatorSettings = Required<Omit<SimulatorOptions, 'clock' | 'organisation' | 'rejectUserAgent'>> & {
  organisation: OrganisationInfo;
  rejectUserAgent: RegExp | undefined;
};

export function resolveSettings(options: SimulatorOptions): SimulatorSettings {
  return {
    seed: options.seed ?? 1,
    sessionTtlSeconds: options.sessionTtlSeconds ?? 180,
    rotateSessionEveryRequests: options.rotateSessionEveryRequests ?? 0,
    oauthTimestampWindowSeconds: options.oauthTimestampWindowSeconds === undefined ? 300 : options.oauthTimestampWindowSeconds,
    trustForwardedProto: options.trustForwardedProto ?? false,
    revokedTokenCode: options.revokedTokenCode ?? 'FORBIDDEN',
    defaultLimit: options.defaultLimit ?? 100,
    maxLimit: options.maxLimit ?? 1000,
    limitOverMax: options.limitOverMax ?? 'clamp',
    cursorLifetimeSeconds: options.cursorLifetimeSeconds ?? 7 * 24 * 3600,
    logProfileChanges: options.logProfileChanges ?? true,
    moveOpType: options.moveOpType ?? 'added',
    throttleMaxAssignments: options.throttleMaxAssignments ?? 0,
    throttleWindowSeconds: options.throttleWindowSeconds ?? 86400,
    throttleCooldownSeconds: options.throttleCooldownSeconds ?? 86400,
    defaultProtocolVersion: options.defaultProtocolVersion ?? 1,
    rejectUserAgent: options.rejectUserAgent,
    maxDevicesPerRequest: options.maxDevicesPerRequest ?? 1000,
    enrollTimeoutMs: options.enrollTimeoutMs ?? 60_000,
    depsim: options.depsim ?? false,
    accountDrivenEnrollmentSupported: options.accountDrivenEnrollmentSupported ?? true,
    organisation: {
      org_name: 'Example Organisation',
      org_email: 'it@example.com',
      org_phone: '+1 555 0100',
      org_address: '1 Infinite Loop, Cupertino, CA 95014, US',
      org_id: '1234567',
      org_id_hash: '3a8d1f0c2b4e6a7d9c0b1e2f3a4d5c6b7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b',
      org_type: 'org',
      org_version: 'v1',
      admin_id: 'admin@example.com',
      ...options.organisation,
    },
  };
}
