import { addMilliseconds } from 'date-fns/addMilliseconds';
import { addSeconds } from 'date-fns/addSeconds';
import { RuleViolation } from '../errors/rule-violation';
import type { EventDraft } from '../events/event';
import { assertNever, draft, type Decider } from '../handling/decider';
import type { ApplyAppleRecord, DeviceCommand, RecordAssignmentOutcome } from './device-commands';
import { sharedString } from './shared-strings';
import { changesOf, detailsAsState, givenOnlyDetailKeys, type DeviceDetails, type DeviceEvent } from './device-events';
import type { DeviceState } from './device-state';
import { reassignedAtApple } from './reassigned-at-apple';

type Drafts = readonly EventDraft<DeviceEvent>[];

export const DEFAULT_FAILED_RETRY_DELAY_MS = 24 * 60 * 60 * 1000;

const detailKeys = [
  'model',
  'description',
  'color',
  'assetTag',
  'os',
  'family',
  'profileStatus',
  'profileUuid',
  'profileAssignedAt',
  'profilePushedAt',
  'assignedAt',
  'assignedByRef',
  ...givenOnlyDetailKeys,
] as const satisfies readonly (keyof DeviceDetails)[];

/** Protocol-10 fields absent from older events read as null; lists compare by content. */
const sameDetail = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const changedKeys = (before: DeviceDetails, after: DeviceDetails): string[] => detailKeys.filter((k) => !sameDetail(before[k], after[k]));

const olderThan = (date: string, reference: string | null): boolean => reference !== null && Date.parse(date) < Date.parse(reference);

const pushedNow = (before: DeviceDetails | null, after: DeviceDetails): boolean =>
  after.profileStatus === 'pushed' &&
  (before === null || before.profileStatus !== 'pushed' || before.profilePushedAt !== after.profilePushedAt);

const applyAppleRecord = (command: ApplyAppleRecord, state: DeviceState): Drafts => {
  const { tokenId, fact, observedAt, runId } = command.data;
  const operationDate = fact.operationDate ?? observedAt;
  if (state.status !== 'unknown' && olderThan(operationDate, state.lastAppleDate)) return [];
  const source = { operation: fact.operation ?? 'fetched', operationDate, runId } as const;
  const serial = fact.serial;

  if (fact.operation === 'deleted') {
    if (state.status !== 'assigned' || state.tokenId !== tokenId) return [];
    const reason = fact.releasedByReplacement === true ? 'replaced' : 'deleted_by_apple';
    return [draft('DeviceReleased', { serial, tokenId, reason, ...source })];
  }
  const pushed = (before: DeviceDetails | null): Drafts =>
    pushedNow(before, fact.details)
      ? [
          draft('ProfilePushed', {
            serial,
            tokenId,
            profileUuid: fact.details.profileUuid,
            pushedAt: fact.details.profilePushedAt ?? operationDate,
          }),
        ]
      : [];
  if (state.status !== 'assigned' || state.tokenId !== tokenId) {
    const before = state.status === 'unknown' ? null : state.details;
    return [draft('DeviceAssignedToServer', { serial, tokenId, details: fact.details, ...source }), ...pushed(before)];
  }
  const changed = changedKeys(state.details, fact.details);
  if (changed.length === 0) return [];
  return [
    draft('DeviceDetailsChanged', { serial, tokenId, changes: changesOf(fact.details, changed), ...source }),
    ...pushed(state.details),
  ];
};

const recordOutcome = (command: RecordAssignmentOutcome, state: DeviceState, now: Date): Drafts => {
  if (state.status === 'unknown') return [];
  const pending = state.assignment;
  const { serial, profileUuid, outcome } = command.data;
  if (!pending || pending.profileUuid !== profileUuid || pending.state !== 'pending') return [];
  const base = { serial, tokenId: state.tokenId, profileId: pending.profileId, profileVersion: pending.profileVersion, profileUuid };
  const failedDelay = command.data.failedRetryDelayMs ?? DEFAULT_FAILED_RETRY_DELAY_MS;
  switch (outcome) {
    case 'assigned':
      return [draft('ProfileAssignmentSucceeded', base)];
    case 'not_accessible':
      return [draft('ProfileAssignmentFailed', { ...base, outcome: 'not_accessible', retryAt: null })];
    case 'failed':
      return [draft('ProfileAssignmentFailed', { ...base, outcome: 'failed', retryAt: addMilliseconds(now, failedDelay).toISOString() })];
    case 'throttled': {
      const seconds = command.data.retryAfterSeconds;
      const retryAt = seconds !== null ? addSeconds(now, seconds) : addMilliseconds(now, failedDelay);
      return [draft('ProfileAssignmentThrottled', { ...base, retryAt: retryAt.toISOString(), retryAfterSeconds: seconds })];
    }
    default:
      return assertNever(outcome);
  }
};

export const decideDevice = (command: DeviceCommand, state: DeviceState): Drafts => {
  const now = command.metadata.now;
  switch (command.type) {
    case 'ApplyAppleRecord':
      return applyAppleRecord(command, state);
    case 'ReleaseDevice': {
      const { serial, tokenId, reason, observedAt, runId } = command.data;
      if (state.status !== 'assigned' || state.tokenId !== tokenId) return [];
      // A fetch that began before the device's latest change cannot prove its absence.
      if (olderThan(observedAt, state.lastAppleDate)) return [];
      return [draft('DeviceReleased', { serial, tokenId, reason, operation: 'fetched', operationDate: observedAt, runId })];
    }
    case 'RequestProfileAssignment': {
      const d = command.data;
      if (state.status !== 'assigned' || state.tokenId !== d.tokenId) {
        throw new RuleViolation(
          'DEVICE_NOT_ASSIGNED',
          `Device ${d.serial} is not assigned to token ${d.tokenId}'s MDM server: assign it in Apple Business Manager, then sync.`,
          { serial: d.serial, tokenId: d.tokenId },
        );
      }
      const current = state.assignment;
      if (
        current &&
        current.profileUuid === d.profileUuid &&
        (current.state === 'pending' || (current.state === 'assigned' && d.reason !== 'manual')) &&
        !reassignedAtApple(state)
      )
        return [];
      return [draft('ProfileAssignmentRequested', { ...d })];
    }
    case 'RecordAssignmentOutcome':
      return recordOutcome(command, state, now);
    case 'RecordEnrollment': {
      const { serial, enrolledAt, userRef } = command.data;
      if (state.status === 'unknown') {
        throw new RuleViolation(
          'DEVICE_UNKNOWN',
          `Device ${serial} is not known to depledger: it must be assigned to one of your MDM servers and synced before it can enroll through DEP.`,
          { serial },
        );
      }
      if (state.enrollment) return [];
      return [draft('DeviceEnrolled', { serial, tokenId: state.tokenId, enrolledAt, userRef, profileUuid: state.details.profileUuid })];
    }
    case 'UnenrollDevice': {
      const { serial, reason } = command.data;
      if (state.status === 'unknown' || !state.enrollment) {
        throw new RuleViolation('DEVICE_NOT_ENROLLED', `Device ${serial} is not enrolled; there is nothing to unenroll.`, { serial });
      }
      return [draft('DeviceUnenrolled', { serial, tokenId: state.tokenId, reason })];
    }
    case 'RecordDisown': {
      const { serial, tokenId, reason } = command.data;
      assignedTo(state, serial, tokenId);
      return [draft('DeviceDisowned', { serial, tokenId, reason })];
    }
    case 'RecordProfileCleared': {
      const { serial, tokenId, reason } = command.data;
      assignedTo(state, serial, tokenId);
      const profileUuid = state.status === 'unknown' ? null : state.details.profileUuid;
      return [draft('DeviceProfileCleared', { serial, tokenId, profileUuid, reason })];
    }
    case 'RecordActivationLock': {
      const { serial, tokenId } = command.data;
      assignedTo(state, serial, tokenId);
      return [draft('ActivationLockEscrowed', { ...command.data })];
    }
    case 'RecordReplacement': {
      const { serial, tokenId, originalSerial, replacedOn } = command.data;
      if (state.status === 'unknown' || state.replacement?.originalSerial === originalSerial) return [];
      return [draft('DeviceReplacementRecorded', { serial, tokenId, originalSerial, replacedOn })];
    }
    default:
      return assertNever(command);
  }
};

/** Refuses an operation on a device that is not assigned to the token's MDM server. */
const assignedTo = (state: DeviceState, serial: string, tokenId: string): void => {
  if (state.status === 'unknown') {
    throw new RuleViolation('DEVICE_UNKNOWN', `Device ${serial} is not known to depledger: check the serial, or sync its token first.`, {
      serial,
    });
  }
  if (state.status !== 'assigned' || state.tokenId !== tokenId) {
    throw new RuleViolation(
      'DEVICE_NOT_ASSIGNED',
      `Device ${serial} is not assigned to token ${tokenId}'s MDM server any more: there is nothing to do at Apple.`,
      { serial, tokenId },
    );
  }
};

const noAssignment = (state: DeviceState) => (state.status === 'unknown' ? null : state.assignment);

export const evolveDevice = (state: DeviceState, event: DeviceEvent): DeviceState => {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'DeviceAssignedToServer': {
      const d = event.data;
      // A device that left and came back is assigned afresh: what Apple had before no longer holds.
      const keep = state.status === 'assigned' && state.tokenId === d.tokenId;
      return {
        status: 'assigned',
        serial: d.serial,
        tokenId: d.tokenId,
        details: detailsAsState(d.details),
        lastAppleDate: sharedString(d.operationDate),
        assignment: keep ? noAssignment(state) : null,
        enrollment: state.status === 'unknown' ? null : state.enrollment,
        replacement: state.status === 'unknown' ? null : state.replacement,
      };
    }
    case 'DeviceDetailsChanged':
      if (state.status === 'unknown') return state;
      return {
        ...state,
        details: detailsAsState(state.details, event.data.changes),
        lastAppleDate: sharedString(event.data.operationDate),
      };
    case 'DeviceReleased':
      if (state.status === 'unknown') return state;
      return {
        ...state,
        status: 'released',
        releasedReason: event.data.reason,
        lastAppleDate: event.data.operationDate ?? state.lastAppleDate,
      };
    case 'ProfileAssignmentRequested': {
      if (state.status === 'unknown') return state;
      const d = event.data;
      return {
        ...state,
        assignment: {
          state: 'pending',
          profileId: sharedString(d.profileId),
          profileVersion: d.profileVersion,
          profileUuid: sharedString(d.profileUuid),
          retryAt: null,
          since: at,
          serverAssignedAt: state.details.assignedAt,
        },
      };
    }
    case 'ProfileAssignmentSucceeded':
      if (state.status === 'unknown' || !state.assignment) return state;
      return {
        ...state,
        assignment: { ...state.assignment, state: 'assigned', retryAt: null, since: at },
        details: { ...state.details, profileUuid: sharedString(event.data.profileUuid), profileStatus: 'assigned' },
      };
    case 'ProfileAssignmentFailed':
      if (state.status === 'unknown' || !state.assignment) return state;
      return { ...state, assignment: { ...state.assignment, state: event.data.outcome, retryAt: event.data.retryAt, since: at } };
    case 'ProfileAssignmentThrottled':
      if (state.status === 'unknown' || !state.assignment) return state;
      return { ...state, assignment: { ...state.assignment, state: 'throttled', retryAt: event.data.retryAt, since: at } };
    case 'ProfilePushed':
      return state;
    case 'DeviceEnrolled':
      if (state.status === 'unknown') return state;
      return {
        ...state,
        enrollment: { enrolledAt: event.data.enrolledAt, profileUuid: event.data.profileUuid, userRef: event.data.userRef },
      };
    case 'DeviceUnenrolled':
      return state.status === 'unknown' ? state : { ...state, enrollment: null };
    case 'DeviceDisowned':
      return state.status === 'unknown' ? state : { ...state, status: 'released', releasedReason: 'disowned' };
    case 'DeviceProfileCleared':
      if (state.status === 'unknown') return state;
      return { ...state, assignment: null, details: { ...state.details, profileUuid: null, profileStatus: 'removed' } };
    case 'ActivationLockEscrowed':
      if (state.status === 'unknown') return state;
      return {
        ...state,
        activationLock: {
          escrowKeyRef: event.data.escrowKeyRef,
          bypassCodeRef: event.data.bypassCodeRef,
          since: event.metadata.occurredAt,
        },
      };
    case 'DeviceReplacementRecorded':
      if (state.status === 'unknown') return state;
      return { ...state, replacement: { originalSerial: event.data.originalSerial, replacedOn: event.data.replacedOn } };
    default:
      return state;
  }
};

export const deviceDecider: Decider<DeviceState, DeviceCommand, DeviceEvent> = {
  decide: decideDevice,
  evolve: evolveDevice,
  initialState: () => ({ status: 'unknown' }),
};
