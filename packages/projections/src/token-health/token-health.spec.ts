import { isErrorCode } from '@depledger/core';
import { listTokenHealth, readModelsAsOf, tokenHealth, tokenHealthAsOf, tokenHealthProjection } from '../index';
import { givenDepledger, type GivenDepledger } from '../../test-support/given-history';
import { project, replayTwice } from '../../test-support/replay';

const health = async (
  given: GivenDepledger,
  now: string,
  options: { lang?: 'fr' | 'en'; policy?: Parameters<typeof tokenHealth>[2]['policy'] } = {},
) => tokenHealth(await project(given.store, [tokenHealthProjection]), 'paris', { now: new Date(now), ...options });

describe('token health projection', () => {
  it('waits for the server token once the encryption key is issued', async () => {
    const given = givenDepledger();
    await given.issueKey('paris');
    const readModels = await project(given.store, [tokenHealthProjection]);
    expect(await tokenHealth(readModels, 'lyon', { now: new Date() })).toBeNull();
    expect(await tokenHealth(readModels, 'paris', { now: new Date('2026-01-05T10:00:00Z'), lang: 'en' })).toMatchObject({
      stage: 'key_issued',
      health: 'awaiting_upload',
      healthLabel: 'Awaiting the server token',
      keyIssuedAt: '2026-01-05T09:00:00.000Z',
      expiresAt: null,
      daysLeft: null,
    });
  });

  it('shows the Apple ID (a vault reference), the organisation, the server, the expiry and the days left', async () => {
    const given = givenDepledger();
    await given.uploadToken('paris', '2027-01-05T00:00:00.000Z');
    await given.verifyAccount('paris');

    expect(await health(given, '2026-01-05T10:00:00Z')).toMatchObject({
      tokenId: 'paris',
      health: 'ok',
      healthLabel: 'Opérationnel',
      appleIdRef: 'vault:apple-id:Ap1eId',
      orgName: 'Contoso',
      serverName: 'Intune Paris',
      uploadedAt: '2026-01-05T09:00:00.000Z',
      expiresAt: '2027-01-05T00:00:00.000Z',
      daysLeft: 365,
      expiryWarning: null,
      termsNotSignedSince: null,
      rejectedSince: null,
      lastSuccessfulSyncAt: null,
      nextFullSyncAllowedAt: null,
    });
  });

  it('warns 30, 7 and 1 days before expiry, judged against the time asked about', async () => {
    const given = givenDepledger();
    await given.uploadToken('paris', '2026-02-01T00:00:00.000Z');

    expect(await health(given, '2026-01-01T12:00:00Z')).toMatchObject({ daysLeft: 31, expiryWarning: null, health: 'ok' });
    expect(await health(given, '2026-01-05T12:00:00Z', { lang: 'en' })).toMatchObject({
      daysLeft: 27,
      expiryWarning: 30,
      health: 'expiring',
      healthLabel: 'Expiring soon',
    });
    expect(await health(given, '2026-01-28T12:00:00Z')).toMatchObject({ daysLeft: 4, expiryWarning: 7 });
    expect(await health(given, '2026-01-31T23:00:00Z')).toMatchObject({ daysLeft: 1, expiryWarning: 1, healthLabel: 'Expire bientôt' });
    expect(await health(given, '2026-02-03T00:00:00Z')).toMatchObject({
      daysLeft: -2,
      expiryWarning: null,
      health: 'expired',
      healthLabel: 'Expiré',
    });
  });

  it('shows since when the terms are not signed, until a call succeeds again', async () => {
    const given = givenDepledger();
    await given.uploadToken('paris');
    given.at('2026-01-10T08:00:00.000Z');
    await given.appleContact('paris', 'terms_not_signed');
    expect(await health(given, '2026-01-10T09:00:00Z')).toMatchObject({
      health: 'terms_not_signed',
      healthLabel: 'Conditions générales non acceptées',
      termsNotSignedSince: '2026-01-10T08:00:00.000Z',
    });

    given.at('2026-01-11T08:00:00.000Z');
    await given.appleContact('paris', 'ok');
    expect(await health(given, '2026-01-11T09:00:00Z')).toMatchObject({ health: 'ok', termsNotSignedSince: null });
  });

  it('shows since when Apple rejects the token', async () => {
    const given = givenDepledger();
    await given.uploadToken('paris');
    given.at('2026-01-12T08:00:00.000Z');
    await given.appleContact('paris', 'token_rejected');
    expect(await health(given, '2026-01-12T09:00:00Z', { lang: 'en' })).toMatchObject({
      health: 'rejected',
      healthLabel: 'Rejected by Apple',
      rejectedSince: '2026-01-12T08:00:00.000Z',
      rejectedReason: 'token_rejected',
    });
  });

  it('tells the last successful sync and when the sync policy allows the next full sync', async () => {
    const given = givenDepledger();
    await given.uploadToken('paris');
    await given.startSync('paris', 'run-1', 'full');
    given.advanceHours(0.1);
    await given.completeSync('paris', 'run-1');
    given.at('2026-01-06T09:00:00.000Z');
    await given.startSync('paris', 'run-2', 'incremental');
    expect(await health(given, '2026-01-06T09:01:00Z')).toMatchObject({
      lastSuccessfulSyncAt: '2026-01-05T09:06:00.000Z',
      lastFullSyncAt: '2026-01-05T09:06:00.000Z',
      runningSync: { runId: 'run-2', startedAt: '2026-01-06T09:00:00.000Z' },
      nextFullSyncAllowedAt: '2026-01-12T09:06:00.000Z',
    });

    given.advanceHours(0.1);
    await given.failSync('paris', 'run-2', 'T_C_NOT_SIGNED', 'Apple asks to accept new terms');
    const after = await health(given, '2026-01-06T10:00:00Z', {
      policy: {
        fullSyncInterval: { days: 1 },
        runDeadline: { minutes: 10 },
        manualSyncInterval: null,
        cursorMaxAge: { days: 7 },
        deltaSyncInterval: { hours: 12 },
      },
    });
    expect(after).toMatchObject({
      runningSync: null,
      lastSyncFailure: { runId: 'run-2', code: 'T_C_NOT_SIGNED' },
      lastSuccessfulSyncAt: '2026-01-05T09:06:00.000Z',
    });
    expect(after?.nextFullSyncAllowedAt).toBeNull();
  });

  it("records a run that passed its deadline as the last failure, with the catalogue's code", async () => {
    const given = givenDepledger();
    await given.uploadToken('paris');
    await given.startSync('paris', 'run-1', 'incremental');
    given.advanceHours(0.5);
    await given.timeOutSync('paris', 'run-1');
    expect(await health(given, '2026-01-05T10:00:00Z')).toMatchObject({
      runningSync: null,
      lastSyncFailure: { runId: 'run-1', code: 'SYNC_RUN_TIMED_OUT', at: '2026-01-05T09:30:00.000Z' },
    });
    expect(isErrorCode('SYNC_RUN_TIMED_OUT')).toBe(true);
  });

  it('lists every token', async () => {
    const given = givenDepledger();
    await given.uploadToken('paris');
    await given.uploadToken('lyon', '2026-01-20T00:00:00.000Z');
    const all = await listTokenHealth(await project(given.store, [tokenHealthProjection]), {
      now: new Date('2026-01-06T00:00:00Z'),
      lang: 'en',
    });
    expect(all.map((t) => [t.tokenId, t.health])).toEqual([
      ['lyon', 'expiring'],
      ['paris', 'ok'],
    ]);
  });

  it('gives the same read model when the same events are replayed twice', async () => {
    const given = givenDepledger();
    await given.uploadToken('paris');
    await given.verifyAccount('paris');
    await given.appleContact('paris', 'terms_not_signed');
    await given.startSync('paris', 'run-1');
    await given.completeSync('paris', 'run-1');
    await given.uploadToken('lyon');

    const { once, again, rebuilt } = await replayTwice(given.store, tokenHealthProjection);

    expect(once).toHaveLength(2);
    expect(again).toEqual(once);
    expect(rebuilt).toEqual(once);
  });

  it("answers one token's health at a date from its own streams: was it in terms-not-signed then?", async () => {
    const given = givenDepledger();
    await given.uploadToken('paris');
    await given.uploadToken('lyon');
    await given.startSync('paris', 'run-1');
    given.at('2026-01-10T08:00:00.000Z');
    await given.appleContact('paris', 'terms_not_signed');
    await given.completeSync('paris', 'run-1');
    given.at('2026-01-12T08:00:00.000Z');
    await given.appleContact('paris', 'ok');

    expect(await tokenHealthAsOf(given.store, 'paris', { time: '2026-01-09T00:00:00Z' })).toMatchObject({
      health: 'ok',
      runningSync: { runId: 'run-1' },
      lastSuccessfulSyncAt: null,
    });
    expect(await tokenHealthAsOf(given.store, 'paris', { time: '2026-01-11T00:00:00Z' }, { lang: 'en' })).toMatchObject({
      health: 'terms_not_signed',
      healthLabel: 'Terms and conditions not accepted',
      termsNotSignedSince: '2026-01-10T08:00:00.000Z',
      lastSuccessfulSyncAt: '2026-01-10T08:00:00.000Z',
      runningSync: null,
    });
    expect(await tokenHealthAsOf(given.store, 'paris', { time: '2026-01-13T00:00:00Z' })).toMatchObject({
      health: 'ok',
      termsNotSignedSince: null,
    });
    expect(await tokenHealthAsOf(given.store, 'paris', { time: '2026-01-01T00:00:00Z' })).toBeNull();
  });

  it('answers as of a past moment without touching the live read model', async () => {
    const given = givenDepledger();
    await given.uploadToken('paris');
    given.at('2026-01-10T08:00:00.000Z');
    await given.appleContact('paris', 'terms_not_signed');
    const now = { now: new Date('2026-01-10T09:00:00Z') };

    const before = await readModelsAsOf({
      eventStore: given.store,
      projections: [tokenHealthProjection],
      at: { time: '2026-01-09T00:00:00Z' },
    });

    expect(await tokenHealth(before, 'paris', now)).toMatchObject({ health: 'ok', termsNotSignedSince: null });
    expect(await health(given, '2026-01-10T09:00:00Z')).toMatchObject({ health: 'terms_not_signed' });
  });
});
