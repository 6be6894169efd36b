import type {
  AppleOperation,
  AssignmentOutcome,
  AssignmentReport,
  DepAccount,
  DepGateway,
  DevicePage,
  DevicePageRequest,
  DeviceRecord,
} from '../../ports/dep-gateway';
import { GatewayError, type GatewayFailure } from '../../ports/gateway-error';

/**
 * An in-memory stand-in for Apple's DEP service, for the sync engine's tests: one MDM server's
 * devices, the change log that sync pages through, cursors, per-serial assignment answers, and
 * scripted faults (cursor errors, a repeating cursor, terms not signed, a call that hangs until it
 * is aborted). Not a simulator: it does what a test tells it, and records every call.
 */
export type GatewayCall = Readonly<{
  method: 'fetch' | 'sync' | 'assign';
  cursor: string | null;
  serials?: readonly string[];
  profileUuid?: string;
}>;

type Fault = (
  | Readonly<{ method: 'fetch' | 'sync' | 'assign' | 'any'; act: 'fail'; error: GatewayError }>
  | Readonly<{ method: 'fetch' | 'sync' | 'assign' | 'any'; act: 'hang'; before?: () => void }>
  | Readonly<{ method: 'sync' | 'fetch'; act: 'repeat_cursor' }>
) & { skip: number };

type Snapshot = { serials: string[]; seq: number; fetchedUntil: string };

export const appleDevice = (serial: string, over: Partial<DeviceRecord> = {}): DeviceRecord => ({
  serial,
  model: 'iPad Air',
  description: 'IPAD AIR WI-FI 64GB',
  color: 'SPACE GRAY',
  assetTag: null,
  os: 'iPadOS',
  family: 'iPad',
  profileStatus: 'empty',
  profileUuid: null,
  profileAssignedAt: null,
  profilePushedAt: null,
  assignedAt: '2026-01-01T00:00:00Z',
  assignedBy: 'it-admin@example.com',
  mdmMigrationDeadline: null,
  operation: null,
  operationDate: null,
  ...over,
});

export const gatewayError = (failure: GatewayFailure, appleCode: string | null = null): GatewayError =>
  new GatewayError(failure, `Apple answered ${appleCode ?? failure}`, { appleCode, httpStatus: failure === 'aborted' ? null : 400 });

export class ScriptedDepGateway implements DepGateway {
  readonly calls: GatewayCall[] = [];
  readonly devices = new Map<string, DeviceRecord>();
  private readonly changes: DeviceRecord[] = [];
  private readonly snapshots: Snapshot[] = [];
  private readonly faults: Fault[] = [];
  private readonly outcomes = new Map<string, AssignmentOutcome[]>();
  retryAfterSeconds: number | null = null;
  /** Page size when the caller asks for none. */
  defaultLimit = 100;

  constructor(private readonly now: () => Date) {}

  // --- what Apple Business Manager does -------------------------------------------------------

  /** Devices already on the server before the test starts (no change log entries). */
  seed(...serials: string[]): this {
    for (const serial of serials) this.devices.set(serial, appleDevice(serial));
    return this;
  }

  /** A change as Apple's sync reports it; the device set follows it (deleted removes). */
  change(serial: string, operation: AppleOperation, operationDate: string, over: Partial<DeviceRecord> = {}): this {
    const record = appleDevice(serial, { ...this.devices.get(serial), ...over, serial, operation, operationDate });
    this.changes.push(record);
    if (operation === 'deleted') this.devices.delete(serial);
    else this.devices.set(serial, { ...record, operation: null, operationDate: null });
    return this;
  }

  /** A device leaves the server without sync ever saying so (only a full fetch shows it). */
  vanish(serial: string): this {
    this.devices.delete(serial);
    return this;
  }

  // --- scripting ------------------------------------------------------------------------------

  /** The next call of this method (after `skip` more successful ones) throws `error`. */
  failNext(method: Fault['method'], error: GatewayError, skip = 0): this {
    this.faults.push({ method, act: 'fail', error, skip });
    return this;
  }

  /** The next call of this method waits until its signal aborts; `before` runs first (move a clock). */
  hangNext(method: Fault['method'], before?: () => void, skip = 0): this {
    this.faults.push(before ? { method, act: 'hang', before, skip } : { method, act: 'hang', skip });
    return this;
  }

  /** The next call answers with the request's own cursor and more_to_follow: true. */
  repeatCursorNext(method: 'sync' | 'fetch'): this {
    this.faults.push({ method, act: 'repeat_cursor', skip: 0 });
    return this;
  }

  /** Apple's answers for a serial's next assignment calls, in order; then `assigned`. */
  answerAssignments(serial: string, ...outcomes: AssignmentOutcome[]): this {
    this.outcomes.set(serial, [...(this.outcomes.get(serial) ?? []), ...outcomes]);
    return this;
  }

  // --- DepGateway -----------------------------------------------------------------------------

  async account(): Promise<DepAccount> {
    return {
      serverName: 'Paris MDM',
      serverUuid: 'server-1',
      orgName: 'Example',
      orgId: null,
      orgType: null,
      orgVersion: null,
      adminId: null,
      pageLimits: { fetch: { default: 100, maximum: 1000 }, sync: { default: 100, maximum: 1000 } },
    };
  }

  async fetchDevices(request: DevicePageRequest, signal?: AbortSignal): Promise<DevicePage> {
    this.calls.push({ method: 'fetch', cursor: request.cursor ?? null });
    const scripted = await this.scripted('fetch', signal);
    if (scripted === 'repeat_cursor')
      return { devices: [], cursor: request.cursor ?? 'f:repeat', fetchedUntil: this.now().toISOString(), moreToFollow: true };
    const limit = request.limit ?? this.defaultLimit;
    let id: number;
    let offset: number;
    if (request.cursor === undefined) {
      id = this.snapshots.length;
      this.snapshots.push({ serials: [...this.devices.keys()].sort(), seq: this.changes.length, fetchedUntil: this.now().toISOString() });
      offset = 0;
    } else {
      const parsed = /^f:(\d+):(\d+)$/.exec(request.cursor);
      if (!parsed) throw gatewayError('cursor_invalid', 'INVALID_CURSOR');
      id = Number(parsed[1]);
      offset = Number(parsed[2]);
    }
    const snapshot = this.snapshots[id];
    if (!snapshot) throw gatewayError('cursor_invalid', 'INVALID_CURSOR');
    if (offset >= snapshot.serials.length && offset > 0) throw gatewayError('cursor_exhausted', 'EXHAUSTED_CURSOR');
    const serials = snapshot.serials.slice(offset, offset + limit);
    const next = offset + serials.length;
    return {
      devices: serials.map((s) => this.devices.get(s) ?? appleDevice(s)).map((d) => ({ ...d, operation: null, operationDate: null })),
      cursor: `f:${id}:${next}`,
      fetchedUntil: snapshot.fetchedUntil,
      moreToFollow: next < snapshot.serials.length,
    };
  }

  async syncDevices(request: DevicePageRequest & { cursor: string }, signal?: AbortSignal): Promise<DevicePage> {
    this.calls.push({ method: 'sync', cursor: request.cursor });
    const scripted = await this.scripted('sync', signal);
    if (scripted === 'repeat_cursor') return { devices: [], cursor: request.cursor, fetchedUntil: null, moreToFollow: true };
    if (request.cursor === '') throw gatewayError('cursor_required', 'CURSOR_REQUIRED');
    const seq = this.seqOf(request.cursor);
    const limit = request.limit ?? this.defaultLimit;
    const devices = this.changes.slice(seq, seq + limit);
    const next = seq + devices.length;
    return { devices, cursor: `s:${next}`, fetchedUntil: null, moreToFollow: next < this.changes.length };
  }

  async deviceDetails(): Promise<ReadonlyMap<string, DeviceRecord | 'not_accessible'>> {
    return new Map();
  }

  async defineProfile(): Promise<{ profileUuid: string }> {
    return { profileUuid: `PROFILE-${this.calls.length}` };
  }

  async assignProfile(_tokenId: string, profileUuid: string, serials: readonly string[], signal?: AbortSignal): Promise<AssignmentReport> {
    this.calls.push({ method: 'assign', cursor: null, serials: [...serials], profileUuid });
    await this.scripted('assign', signal);
    if (serials.length > 1000) throw gatewayError('bad_request', 'TOO_MANY_DEVICES');
    const results = new Map<string, AssignmentOutcome>();
    for (const serial of serials) {
      const queue = this.outcomes.get(serial) ?? [];
      const outcome = queue.shift() ?? (this.devices.has(serial) ? 'assigned' : 'not_accessible');
      results.set(serial, outcome);
      if (outcome === 'assigned') {
        const device = this.devices.get(serial);
        if (device) this.devices.set(serial, { ...device, profileStatus: 'assigned', profileUuid });
      }
    }
    return { profileUuid, results, retryAfterSeconds: this.retryAfterSeconds };
  }

  async removeProfile(): Promise<ReadonlyMap<string, 'success'>> {
    return new Map();
  }

  async disownDevices(): Promise<ReadonlyMap<string, 'success'>> {
    return new Map();
  }

  /** Activation lock requests received, and the answer per serial (success unless scripted). */
  readonly activationLocks: { tokenId: string; serial: string; escrowKey: string | null }[] = [];
  readonly activationLockAnswers = new Map<string, import('../../ports/dep-gateway').ActivationLockResult>();

  async escrowActivationLock(tokenId: string, request: { serial: string; escrowKey: string | null }) {
    this.activationLocks.push({ tokenId, serial: request.serial, escrowKey: request.escrowKey });
    return this.activationLockAnswers.get(request.serial) ?? 'success';
  }

  /** Replacement details per replacement serial, as this scripted Apple holds them; the serials asked, in order; a failure for the next lookup of a serial. */
  readonly replacements = new Map<string, import('../../ports/dep-gateway').ReplacementDetails>();
  readonly replacementLookups: string[] = [];
  readonly replacementFailures = new Map<string, GatewayError>();

  async replacementDetails(_tokenId: string, serial: string) {
    this.replacementLookups.push(serial);
    const failure = this.replacementFailures.get(serial);
    this.replacementFailures.delete(serial);
    if (failure !== undefined) throw failure;
    return this.replacements.get(serial) ?? null;
  }

  /** The account-driven enrollment profile per token, as this scripted Apple holds it. */
  readonly accountDrivenEnrollment = new Map<string, { serviceDiscoveryUrl: string; lastUpdatedAt: string | null }>();

  async setAccountDrivenEnrollmentProfile(tokenId: string, serviceDiscoveryUrl: string): Promise<void> {
    this.accountDrivenEnrollment.set(tokenId, { serviceDiscoveryUrl, lastUpdatedAt: null });
  }

  async accountDrivenEnrollmentProfile(tokenId: string) {
    return this.accountDrivenEnrollment.get(tokenId) ?? null;
  }

  async removeAccountDrivenEnrollmentProfile(tokenId: string): Promise<void> {
    this.accountDrivenEnrollment.delete(tokenId);
  }

  // --- internals ------------------------------------------------------------------------------

  private seqOf(cursor: string): number {
    const sync = /^s:(\d+)$/.exec(cursor);
    if (sync) return Number(sync[1]);
    const fetch = /^f:(\d+):(\d+)$/.exec(cursor);
    const snapshot = fetch ? this.snapshots[Number(fetch[1])] : undefined;
    if (!snapshot) throw gatewayError('cursor_invalid', 'INVALID_CURSOR');
    return snapshot.seq;
  }

  private async scripted(method: 'fetch' | 'sync' | 'assign', signal: AbortSignal | undefined): Promise<'repeat_cursor' | null> {
    if (signal?.aborted) throw gatewayError('aborted');
    const index = this.faults.findIndex((f) => f.method === method || f.method === 'any');
    const fault = index === -1 ? undefined : this.faults[index];
    if (!fault) return null;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return null;
    }
    this.faults.splice(index, 1);
    if (fault.act === 'fail') throw fault.error;
    if (fault.act === 'repeat_cursor') return 'repeat_cursor';
    fault.before?.();
    await new Promise<void>((_, reject) => {
      if (!signal) return;
      if (signal.aborted) reject(gatewayError('aborted'));
      signal.addEventListener('abort', () => reject(gatewayError('aborted')), { once: true });
    });
    return null;
  }
}
