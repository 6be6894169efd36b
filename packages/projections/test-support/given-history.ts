/**
 * Realistic histories for the projections' tests: every event goes through core's deciders and
 * command handling into an in-memory store, as the application would record it.
 */
import {
  createInMemoryEventStore,
  defaultSyncPolicy,
  depledgerSerde,
  deviceDecider,
  deviceStream,
  handleCommand,
  manualClock,
  syncDecider,
  syncStream,
  tokenDecider,
  tokenStream,
  type DeviceCommand,
  type DeviceDetails,
  type SyncCommand,
  type SyncCounts,
  type SyncPolicy,
  type TokenCommand,
} from '@depledger/core';

export const admin = 'admin:vault-admin-1';
export const assignedByRef = 'vault:admin-email:A1b2C3';

export const details = (over: Partial<DeviceDetails> = {}): DeviceDetails => ({
  model: 'iPad Air',
  description: 'IPAD AIR WI-FI 64GB',
  color: 'space grey',
  assetTag: null,
  os: 'iPadOS',
  family: 'iPad',
  profileStatus: 'empty',
  profileUuid: null,
  profileAssignedAt: null,
  profilePushedAt: null,
  assignedAt: '2026-01-04T08:00:00.000Z',
  assignedByRef,
  mdmMigrationDeadline: null,
  ...over,
});

export const counts = (over: Partial<SyncCounts> = {}): SyncCounts => ({
  received: 0,
  added: 0,
  modified: 0,
  released: 0,
  unchanged: 0,
  ...over,
});

/** A store and a clock, with one method per thing that happens in the Intune document. */
export const givenDepledger = (start = '2026-01-05T09:00:00.000Z') => {
  const store = createInMemoryEventStore();
  const clock = manualClock(start);
  const meta = (actor: string) => ({ now: clock.now(), actor });
  const device = (command: Omit<DeviceCommand, 'metadata'>, actor = 'system:sync') => {
    const data = command.data as { serial?: string; fact?: { serial: string } };
    const serial = data.serial ?? data.fact?.serial ?? '';
    return handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serial), {
      ...command,
      metadata: meta(actor),
    } as DeviceCommand);
  };
  const token = (command: Omit<TokenCommand, 'metadata'>, actor = admin) =>
    handleCommand(store, depledgerSerde, tokenDecider, tokenStream((command.data as { tokenId: string }).tokenId), {
      ...command,
      metadata: meta(actor),
    } as TokenCommand);
  const sync = (command: Omit<SyncCommand, 'metadata'>, actor = admin) =>
    handleCommand(store, depledgerSerde, syncDecider, syncStream((command.data as { tokenId: string }).tokenId), {
      ...command,
      metadata: meta(actor),
    } as SyncCommand);

  const issueKey = (tokenId: string) =>
    token({
      type: 'IssueEncryptionKey',
      data: {
        tokenId,
        keyId: `${tokenId}-k1`,
        certificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        fingerprint: 'A'.repeat(64),
        privateKeyRef: `vault:private-key:${tokenId}k1`,
        notAfter: '2027-01-05T00:00:00.000Z',
      },
    });

  return {
    store,
    clock,
    /** Moves the clock to a time (ISO) and returns it. */
    at: (time: string) => {
      clock.set(time);
      return time;
    },
    advanceHours: (hours: number) => clock.advance(hours * 3_600_000),
    /** Steps 2 and 4: an encryption key, then the server token uploaded with the Apple ID. */
    issueKey: (tokenId: string) => issueKey(tokenId),
    uploadToken: async (tokenId: string, expiresAt = '2027-01-05T00:00:00.000Z') => {
      await issueKey(tokenId);
      await token({
        type: 'UploadServerToken',
        data: {
          tokenId,
          keyId: `${tokenId}-k1`,
          consumerKey: 'CK_1',
          accessTokenExpiry: expiresAt,
          appleIdRef: 'vault:apple-id:Ap1eId',
          oauthSecretsRef: `vault:oauth-secrets:${tokenId}s1`,
        },
      });
    },
    verifyAccount: (tokenId: string) =>
      token({
        type: 'RecordAccountVerified',
        data: {
          tokenId,
          serverName: 'Intune Paris',
          serverUuid: 'srv-1',
          orgName: 'Contoso',
          orgType: 'org',
          adminIdRef: 'vault:admin-email:Adm1n',
        },
      }),
    appleContact: (tokenId: string, outcome: 'ok' | 'terms_not_signed' | 'token_rejected') =>
      token({ type: 'RecordAppleContact', data: { tokenId, outcome } }),
    checkExpiry: (tokenId: string) => token({ type: 'CheckTokenExpiry', data: { tokenId } }, 'system:schedule'),
    /** Step 7: Apple's feed reports a device assigned to our server (or changed). */
    appleReports: (
      tokenId: string,
      serial: string,
      over: Partial<DeviceDetails> = {},
      operation: 'added' | 'modified' | 'deleted' = 'added',
    ) =>
      device({
        type: 'ApplyAppleRecord',
        data: {
          tokenId,
          fact: { serial, details: details(over), operation, operationDate: clock.now().toISOString() },
          observedAt: clock.now().toISOString(),
          runId: null,
        },
      }),
    release: (tokenId: string, serial: string) =>
      device({
        type: 'ReleaseDevice',
        data: { serial, tokenId, reason: 'absent_from_full_fetch', observedAt: clock.now().toISOString(), runId: null },
      }),
    requestProfile: (tokenId: string, serial: string, profileUuid: string, profileVersion = 1) =>
      device({
        type: 'RequestProfileAssignment',
        data: { serial, tokenId, profileId: 'corporate', profileVersion, profileUuid, reason: 'default_profile' },
      }),
    assignmentOutcome: (
      serial: string,
      profileUuid: string,
      outcome: 'assigned' | 'failed' | 'not_accessible' | 'throttled',
      retryAfterSeconds: number | null = null,
    ) => device({ type: 'RecordAssignmentOutcome', data: { serial, profileUuid, outcome, retryAfterSeconds } }),
    /** Step 8: the device powers on and the MDM records its enrollment. */
    enroll: (serial: string) =>
      device(
        { type: 'RecordEnrollment', data: { serial, enrolledAt: clock.now().toISOString(), userRef: 'vault:device-user:U1' } },
        'mdm:checkin',
      ),
    unenroll: (serial: string) => device({ type: 'UnenrollDevice', data: { serial, reason: 'lost' } }, admin),
    startSync: (tokenId: string, runId: string, kind: 'full' | 'incremental' = 'full', policy: SyncPolicy = defaultSyncPolicy) =>
      sync({ type: 'RequestSyncRun', data: { tokenId, runId, kind, trigger: 'manual', policy } }),
    recordPage: (tokenId: string, runId: string, pageCounts: SyncCounts, moreToFollow = false, phase: 'fetch' | 'sync' = 'fetch') =>
      sync(
        {
          type: 'RecordSyncPage',
          data: {
            tokenId,
            runId,
            phase,
            cursorIn: null,
            cursorOut: `cursor-${runId}`,
            fetchedUntil: clock.now().toISOString(),
            moreToFollow,
            counts: pageCounts,
          },
        },
        'system:sync',
      ),
    completeSync: (tokenId: string, runId: string, fullFetchCompleted = true) =>
      sync({ type: 'CompleteSyncRun', data: { tokenId, runId, outcome: 'completed', fullFetchCompleted } }, 'system:sync'),
    failSync: (tokenId: string, runId: string, code: string, message: string) =>
      sync({ type: 'FailSyncRun', data: { tokenId, runId, code, message } }, 'system:sync'),
    timeOutSync: (tokenId: string, runId: string) => sync({ type: 'TimeOutSyncRun', data: { tokenId, runId } }, 'system:sync'),
    resetCursor: (tokenId: string, runId: string) =>
      sync({ type: 'ResetSyncCursor', data: { tokenId, runId, reason: 'cursor_expired' } }, 'system:sync'),
  };
};

export type GivenDepledger = ReturnType<typeof givenDepledger>;
