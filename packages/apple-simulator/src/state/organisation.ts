import type { SimulatorClock } from '../clock';
import type { DeviceRecord } from '../device/device-record';
import type { FaultSwitchboard } from '../faults';
import { createNonceCache, type NonceCache } from '../oauth/nonce-cache';
import type { SimulatorSettings } from '../options';
import { createCursorBook, type CursorBook } from './cursor-book';
import type { MdmServer } from './mdm-server';
import type { ServerToken } from './server-token';
import { createSessionStore, type SessionStore } from './session-store';

/** A profile defined with `POST /profile`; immutable once stored. */
export interface StoredProfile {
  readonly uuid: string;
  readonly serverId: string;
  /** The profile fields as received (after validation), without `devices`. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly definedMs: number;
}

/** Per-serial assignment history for the throttle. */
export interface ThrottleRecord {
  attemptsMs: number[];
  throttledUntilMs: number;
}

/** The whole simulated organisation: everything Apple knows about it. One per simulator. */
export interface Organisation {
  readonly settings: SimulatorSettings;
  readonly clock: SimulatorClock;
  readonly faults: FaultSwitchboard;
  readonly devices: Map<string, DeviceRecord>;
  readonly servers: Map<string, MdmServer>;
  readonly serversByNumber: Map<number, MdmServer>;
  readonly tokens: Map<string, ServerToken>;
  readonly profiles: Map<string, StoredProfile>;
  readonly sessions: SessionStore;
  readonly nonces: NonceCache;
  readonly cursors: CursorBook;
  readonly throttles: Map<string, ThrottleRecord>;
  /** False after the portal requires new terms, until they are accepted. */
  termsAccepted: boolean;
  /** Sessions issued before this moment stop working once the clock reaches it (fault injection). */
  sessionCutoffMs: number | undefined;
}

export function newOrganisation(settings: SimulatorSettings, clock: SimulatorClock, faults: FaultSwitchboard): Organisation {
  return {
    settings,
    clock,
    faults,
    devices: new Map(),
    servers: new Map(),
    serversByNumber: new Map(),
    tokens: new Map(),
    profiles: new Map(),
    sessions: createSessionStore(),
    nonces: createNonceCache(),
    cursors: createCursorBook(),
    throttles: new Map(),
    termsAccepted: true,
    sessionCutoffMs: undefined,
  };
}
