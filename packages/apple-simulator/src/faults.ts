import { createSeededRandom, type SeededRandom } from './seeded-random';

/** Faults that can be switched on at any time (programmatically or via `/_control/faults`). */
export interface FaultSettings {
  /** Answer this share (0–1) of Apple-side requests with `status` instead of handling them. */
  serverErrors: { share: number; status: number; seed: number } | null;
  /**
   * Every request of these MDM servers (by server id) after `/session` answers `status`: an
   * organisation whose Apple is down while the others' is not.
   */
  failingServers: { serverIds: readonly string[]; status: number } | null;
  /** Extra delay before every Apple-side response, in milliseconds. */
  latencyMs: number;
  /** Destroy the socket without answering on this share (0–1) of Apple-side requests. */
  dropConnections: { share: number; seed: number } | null;
  /** A session stops working after this many API requests [0 = never]. */
  sessionExpiryEveryRequests: number;
  /** The next N fetch/sync requests that carry a cursor get that same cursor back with `more_to_follow: true` and no devices. */
  repeatCursor: number;
  /** Serials under an assignment throttle are left out of the sync feed (Apple's cooldown anomaly). */
  hideThrottledFromSync: boolean;
  /** depsim-compatible quirks (README: "depsim mode"). */
  depsim: boolean;
}

export type FaultChanges = Partial<FaultSettings>;

export interface FaultSwitchboard {
  get(): FaultSettings;
  set(changes: FaultChanges): FaultSettings;
  /** Everything off again (depsim stays as it was configured at creation). */
  reset(): FaultSettings;
  /** True when this request should get a 5xx (deterministic given the seed). */
  rollServerError(): number | undefined;
  rollDrop(): boolean;
  /** The status a request of this MDM server gets instead of its answer, when it is one of the failing servers. */
  failureOfServer(serverId: string): number | undefined;
  /** Consumes one "repeat the cursor" fault if any is pending. */
  takeRepeatCursor(): boolean;
}

export function createFaultSwitchboard(depsimAtStart: boolean): FaultSwitchboard {
  const calm = (): FaultSettings => ({
    serverErrors: null,
    failingServers: null,
    latencyMs: 0,
    dropConnections: null,
    sessionExpiryEveryRequests: 0,
    repeatCursor: 0,
    hideThrottledFromSync: false,
    depsim: depsimAtStart,
  });
  let settings = calm();
  let errorDice: SeededRandom | undefined;
  let failing: ReadonlySet<string> = new Set();
  let dropDice: SeededRandom | undefined;
  const rebuildDice = (): void => {
    errorDice = settings.serverErrors === null ? undefined : createSeededRandom(settings.serverErrors.seed);
    dropDice = settings.dropConnections === null ? undefined : createSeededRandom(settings.dropConnections.seed);
    failing = new Set(settings.failingServers?.serverIds ?? []);
  };
  return {
    get: () => ({ ...settings }),
    set(changes) {
      const diceChanged = 'serverErrors' in changes || 'dropConnections' in changes || 'failingServers' in changes;
      settings = { ...settings, ...changes };
      if (diceChanged) rebuildDice();
      return { ...settings };
    },
    reset() {
      settings = calm();
      rebuildDice();
      return { ...settings };
    },
    rollServerError() {
      const fault = settings.serverErrors;
      if (fault === null || errorDice === undefined) return undefined;
      return errorDice.next() < fault.share ? fault.status : undefined;
    },
    rollDrop() {
      const fault = settings.dropConnections;
      if (fault === null || dropDice === undefined) return false;
      return dropDice.next() < fault.share;
    },
    failureOfServer(serverId) {
      return failing.has(serverId) ? settings.failingServers?.status : undefined;
    },
    takeRepeatCursor() {
      if (settings.repeatCursor <= 0) return false;
      settings = { ...settings, repeatCursor: settings.repeatCursor - 1 };
      return true;
    },
  };
}
