import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import {
  defaultSyncPolicy,
  deviceDecider,
  syncDecider,
  tokenDecider,
  type Command,
  type Decider,
  type DeviceCommand,
  type Event,
  type SyncCommand,
  type TokenCommand,
} from '../index';

/** Builds a valid history by deciding generated commands in order (refusals are skipped, as the handler would). */
const historyOf = <S, C extends Command, E extends Event>(decider: Decider<S, C, E>, commands: readonly C[]): E[] => {
  let state = decider.initialState();
  const events: E[] = [];
  commands.forEach((command, i) => {
    let drafts;
    try {
      drafts = decider.decide(command, state);
    } catch {
      return;
    }
    for (const d of drafts) {
      const event = {
        ...d,
        metadata: {
          eventId: `e${i}-${events.length}`,
          occurredAt: command.metadata.now.toISOString(),
          actor: 'test',
          correlationId: 'c',
          causationId: null,
          tokenId: null,
        },
      } as unknown as E;
      events.push(event);
      state = decider.evolve(state, event);
    }
  });
  return events;
};

const foldsDeterministically = <S, C extends Command, E extends Event>(decider: Decider<S, C, E>, events: readonly E[]): boolean => {
  const once = events.reduce(decider.evolve, decider.initialState());
  const twice = events.reduce(decider.evolve, decider.initialState());
  for (let n = 0; n <= events.length; n++) events.slice(0, n).reduce(decider.evolve, decider.initialState());
  return isDeepStrictEqual(once, twice);
};

const day = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d, d % 24)));
const meta = (now: Date) => ({ now, actor: 'test' });

const deviceCommand: fc.Arbitrary<DeviceCommand> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('added', 'modified', 'deleted', null),
      day,
      fc.constantFrom('paris', 'lyon'),
      fc.constantFrom('empty', 'assigned', 'pushed'),
    )
    .map(([operation, now, tokenId, profileStatus]) => ({
      type: 'ApplyAppleRecord' as const,
      data: {
        tokenId,
        fact: {
          serial: 'F17ABCDEFGH1',
          details: {
            model: 'iPhone',
            description: null,
            color: null,
            assetTag: null,
            os: 'iOS',
            family: 'iPhone',
            profileStatus: profileStatus as 'empty',
            profileUuid: profileStatus === 'empty' ? null : 'U1',
            profileAssignedAt: null,
            profilePushedAt: profileStatus === 'pushed' ? now.toISOString() : null,
            assignedAt: null,
            assignedByRef: null,
            mdmMigrationDeadline: null,
          },
          operation: operation as 'added' | null,
          operationDate: operation ? now.toISOString() : null,
        },
        observedAt: now.toISOString(),
        runId: null,
      },
      metadata: meta(now),
    })),
  day.map((now) => ({
    type: 'RequestProfileAssignment' as const,
    data: { serial: 'F17ABCDEFGH1', tokenId: 'paris', profileId: 'p', profileVersion: 1, profileUuid: 'U1', reason: 'manual' as const },
    metadata: meta(now),
  })),
  fc.tuple(fc.constantFrom('assigned', 'not_accessible', 'failed', 'throttled'), day).map(([outcome, now]) => ({
    type: 'RecordAssignmentOutcome' as const,
    data: { serial: 'F17ABCDEFGH1', profileUuid: 'U1', outcome: outcome as 'assigned', retryAfterSeconds: 60 },
    metadata: meta(now),
  })),
  day.map((now) => ({
    type: 'RecordEnrollment' as const,
    data: { serial: 'F17ABCDEFGH1', enrolledAt: now.toISOString(), userRef: null },
    metadata: meta(now),
  })),
  day.map((now) => ({ type: 'UnenrollDevice' as const, data: { serial: 'F17ABCDEFGH1', reason: 'x' }, metadata: meta(now) })),
  day.map((now) => ({
    type: 'ReleaseDevice' as const,
    data: {
      serial: 'F17ABCDEFGH1',
      tokenId: 'paris',
      reason: 'absent_from_full_fetch' as const,
      observedAt: now.toISOString(),
      runId: null,
    },
    metadata: meta(now),
  })),
);

const runIds = fc.constantFrom('r1', 'r2', 'r3');
const syncCommand: fc.Arbitrary<SyncCommand> = fc.oneof(
  fc.tuple(runIds, fc.constantFrom('full', 'incremental'), day).map(([runId, kind, now]) => ({
    type: 'RequestSyncRun' as const,
    data: { tokenId: 'paris', runId, kind: kind as 'full', trigger: 'manual' as const, policy: defaultSyncPolicy },
    metadata: meta(now),
  })),
  fc.tuple(runIds, fc.boolean(), fc.constantFrom('fetch', 'sync'), day).map(([runId, moreToFollow, phase, now]) => ({
    type: 'RecordSyncPage' as const,
    data: {
      tokenId: 'paris',
      runId,
      phase: phase as 'fetch',
      cursorIn: null,
      cursorOut: `c${now.getTime()}`,
      fetchedUntil: null,
      moreToFollow,
      counts: { received: 1, added: 1, modified: 0, released: 0, unchanged: 0 },
    },
    metadata: meta(now),
  })),
  fc.tuple(runIds, fc.boolean(), day).map(([runId, full, now]) => ({
    type: 'CompleteSyncRun' as const,
    data: { tokenId: 'paris', runId, outcome: 'completed' as const, fullFetchCompleted: full },
    metadata: meta(now),
  })),
  fc.tuple(runIds, day).map(([runId, now]) => ({
    type: 'FailSyncRun' as const,
    data: { tokenId: 'paris', runId, code: 'X', message: 'm' },
    metadata: meta(now),
  })),
  fc.tuple(runIds, day).map(([runId, now]) => ({
    type: 'ResetSyncCursor' as const,
    data: { tokenId: 'paris', runId, reason: 'cursor_expired' as const },
    metadata: meta(now),
  })),
);

const tokenCommand: fc.Arbitrary<TokenCommand> = fc.oneof(
  fc.tuple(fc.constantFrom('k1', 'k2'), day).map(([keyId, now]) => ({
    type: 'IssueEncryptionKey' as const,
    data: {
      tokenId: 'paris',
      keyId,
      certificatePem: '-----BEGIN CERTIFICATE-----',
      fingerprint: 'A'.repeat(64),
      privateKeyRef: `vault:private-key:${keyId}`,
      notAfter: '2027-01-01T00:00:00.000Z',
    },
    metadata: meta(now),
  })),
  fc.tuple(fc.constantFrom('k1', 'k2'), fc.constantFrom('vault:apple-id:a', 'vault:apple-id:b'), day).map(([keyId, appleIdRef, now]) => ({
    type: 'UploadServerToken' as const,
    data: {
      tokenId: 'paris',
      keyId,
      consumerKey: 'CK_1',
      accessTokenExpiry: '2026-03-01T00:00:00.000Z',
      appleIdRef,
      oauthSecretsRef: 'vault:oauth-secrets:s',
    },
    metadata: meta(now),
  })),
  fc.tuple(fc.constantFrom('ok', 'terms_not_signed', 'token_rejected'), day).map(([outcome, now]) => ({
    type: 'RecordAppleContact' as const,
    data: { tokenId: 'paris', outcome: outcome as 'ok' },
    metadata: meta(now),
  })),
  day.map((now) => ({ type: 'CheckTokenExpiry' as const, data: { tokenId: 'paris' }, metadata: meta(now) })),
);

describe('folding histories (property)', () => {
  it('folds any valid device history twice to the same state, and every prefix folds', () => {
    fc.assert(
      fc.property(fc.array(deviceCommand, { maxLength: 40 }), (commands) =>
        foldsDeterministically(deviceDecider, historyOf(deviceDecider, commands)),
      ),
    );
  });

  it('folds any valid sync history twice to the same state, and every prefix folds', () => {
    fc.assert(
      fc.property(fc.array(syncCommand, { maxLength: 40 }), (commands) =>
        foldsDeterministically(syncDecider, historyOf(syncDecider, commands)),
      ),
    );
  });

  it('folds any valid token history twice to the same state, and every prefix folds', () => {
    fc.assert(
      fc.property(fc.array(tokenCommand, { maxLength: 40 }), (commands) =>
        foldsDeterministically(tokenDecider, historyOf(tokenDecider, commands)),
      ),
    );
  });

  it('never lets a device fact older than the last applied one change the device (property)', () => {
    fc.assert(
      fc.property(fc.array(deviceCommand, { maxLength: 30 }), (commands) => {
        const events = historyOf(deviceDecider, commands) as Event[];
        const dates = events
          .filter((e) => ['DeviceAssignedToServer', 'DeviceDetailsChanged', 'DeviceReleased'].includes(e.type))
          .map((e) => Date.parse((e.data as { operationDate: string }).operationDate));
        return dates.every((d, i) => i === 0 || d >= (dates[i - 1] as number));
      }),
    );
  });
});
