import type { FaultChanges, FaultSettings } from './faults';
import { throttleSerials } from './state/assignment-throttle';
import type { Organisation } from './state/organisation';

/** Faults on demand (also under `/_control/faults`). */
export interface Faults {
  get(): FaultSettings;
  set(changes: FaultChanges): FaultSettings;
  /** All faults off. */
  reset(): FaultSettings;
  /**
   * Every session issued before `at` stops working once the clock reaches `at` [now]. Callers see
   * 401 (depsim mode: 403 `FORBIDDEN`) and must open a new session.
   */
  expireSessions(at?: Date): void;
  /** Forgets every session at once, as depsim does after a restart. */
  forgetSessions(): void;
  /** These serials answer THROTTLED (FAILED before protocol 9) on assignment for `seconds`. */
  throttleDevices(serials: readonly string[], seconds: number): void;
}

export function createFaultsApi(org: Organisation): Faults {
  return {
    get: () => org.faults.get(),
    set: (changes) => org.faults.set(changes),
    reset() {
      org.sessionCutoffMs = undefined;
      return org.faults.reset();
    },
    expireSessions(at) {
      org.sessionCutoffMs = at === undefined ? org.clock.nowMs() : at.getTime();
    },
    forgetSessions: () => org.sessions.forgetAll(),
    throttleDevices: (serials, seconds) => throttleSerials(org, serials, seconds, org.clock.nowMs()),
  };
}
