import type { Organisation, ThrottleRecord } from './organisation';

function recordOf(org: Organisation, serial: string): ThrottleRecord {
  let record = org.throttles.get(serial);
  if (record === undefined) {
    record = { attemptsMs: [], throttledUntilMs: 0 };
    org.throttles.set(serial, record);
  }
  return record;
}

/** Milliseconds until the serial's assignment throttle ends (0 when not throttled). */
export function throttleRemainingMs(org: Organisation, serial: string, nowMs: number): number {
  const record = org.throttles.get(serial);
  return record === undefined ? 0 : Math.max(0, record.throttledUntilMs - nowMs);
}

/** Puts serials under an assignment throttle for `seconds` (fault injection and the automatic rule). */
export function throttleSerials(org: Organisation, serials: Iterable<string>, seconds: number, nowMs: number): void {
  for (const serial of serials) recordOf(org, serial).throttledUntilMs = nowMs + seconds * 1000;
}

/**
 * Counts one assignment attempt. With `throttleMaxAssignments` > 0, more attempts than that within
 * the window throttle the serial for the cooldown. Returns the remaining throttle in ms (0 = go ahead).
 */
export function countAssignmentAttempt(org: Organisation, serial: string, nowMs: number): number {
  const remaining = throttleRemainingMs(org, serial, nowMs);
  if (remaining > 0) return remaining;
  const { throttleMaxAssignments, throttleWindowSeconds, throttleCooldownSeconds } = org.settings;
  if (throttleMaxAssignments <= 0) return 0;
  const record = recordOf(org, serial);
  const windowStart = nowMs - throttleWindowSeconds * 1000;
  record.attemptsMs = record.attemptsMs.filter((ms) => ms > windowStart);
  record.attemptsMs.push(nowMs);
  if (record.attemptsMs.length <= throttleMaxAssignments) return 0;
  record.throttledUntilMs = nowMs + throttleCooldownSeconds * 1000;
  return throttleCooldownSeconds * 1000;
}
