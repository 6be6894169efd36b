/** Faults of the Business API side, counted so that tests stay deterministic. */
export interface BusinessFaultSettings {
  /** The next `count` requests under `/v1` answer 429 with `Retry-After: retryAfterSeconds`. */
  tooManyRequests: { count: number; retryAfterSeconds: number };
  /** The next `count` requests under `/v1` answer `status` (a 5xx). */
  serverErrors: { count: number; status: number };
  /** How long an activity stays IN_PROGRESS, in real milliseconds. @defaultValue `50` */
  activityDurationMs: number;
  /** Devices that fail in every activity (as a device Apple cannot move would). */
  failingSerials: readonly string[];
}

export type BusinessFaultChanges = Partial<BusinessFaultSettings>;

export const defaultBusinessFaults = (): BusinessFaultSettings => ({
  tooManyRequests: { count: 0, retryAfterSeconds: 1 },
  serverErrors: { count: 0, status: 503 },
  activityDurationMs: 50,
  failingSerials: [],
});

/** The fault to answer with now, if any; consumes one count. */
export function takeInjectedFault(faults: BusinessFaultSettings): { status: number; retryAfterSeconds?: number } | undefined {
  if (faults.tooManyRequests.count > 0) {
    faults.tooManyRequests = { ...faults.tooManyRequests, count: faults.tooManyRequests.count - 1 };
    return { status: 429, retryAfterSeconds: faults.tooManyRequests.retryAfterSeconds };
  }
  if (faults.serverErrors.count > 0) {
    faults.serverErrors = { ...faults.serverErrors, count: faults.serverErrors.count - 1 };
    return { status: faults.serverErrors.status };
  }
  return undefined;
}
