import { gatewayError } from '../testing/scripted-dep-gateway';
import { createSyncFixture, publishProfile, syncEvents, TOKEN, tokenState } from '../testing/sync-fixture';

const full = { kind: 'full', trigger: 'manual' } as const;
const incremental = { kind: 'incremental', trigger: 'schedule' } as const;

describe('sync engine: token health', () => {
  it('terms not signed: marks the token, stops the run with what to do; the next successful call clears it', async () => {
    const f = await createSyncFixture();
    f.gateway.seed('SER00001');
    f.gateway.failNext('fetch', gatewayError('terms_not_signed', 'T_C_NOT_SIGNED'));

    const stopped = await f.engine.run(TOKEN, full);

    expect(stopped).toMatchObject({ status: 'failed', pages: 0, error: { code: 'GATEWAY_TERMS_NOT_SIGNED' } });
    expect(stopped.error?.message).toMatch(/accept.*terms/i);
    expect((await syncEvents(f.store)).at(-1)).toMatchObject({ type: 'SyncRunFailed', data: { code: 'GATEWAY_TERMS_NOT_SIGNED' } });
    expect(await tokenState(f.store)).toMatchObject({ termsNotSignedSince: '2026-01-05T09:00:00.000Z' });

    f.clock.advance(60_000);
    const next = await f.engine.run(TOKEN, full);

    expect(next).toMatchObject({ status: 'completed', counts: { added: 1 } });
    expect(await tokenState(f.store)).toMatchObject({ termsNotSignedSince: null });
    const types: string[] = [];
    for await (const e of f.store.readStream(`dep-token-${TOKEN}`)) types.push(e.type);
    expect(types.slice(-2)).toEqual(['TermsNotSigned.v1', 'TermsAccepted.v1']);
  });

  it('terms not signed on an assignment call stops the run the same way', async () => {
    const f = await createSyncFixture();
    await publishProfile(f, 'corp', 'PROFILEUUID0001');
    f.gateway.seed('SER00001');
    f.gateway.failNext('assign', gatewayError('terms_not_signed', 'T_C_NOT_SIGNED'));
    const stopped = await f.engine.run(TOKEN, full);
    expect(stopped).toMatchObject({ status: 'failed', pages: 1, error: { code: 'GATEWAY_TERMS_NOT_SIGNED' } });
    expect(await tokenState(f.store)).toMatchObject({ termsNotSignedSince: '2026-01-05T09:00:00.000Z' });
  });

  it.each([
    ['token_rejected', 'token_rejected', 'token_rejected'],
    ['token_rejected', 'signature_invalid', 'signature_invalid'],
    ['token_rejected', 'FORBIDDEN', 'forbidden'],
    ['access_denied', 'ACCESS_DENIED', 'access_denied'],
  ] as const)(
    '%s (%s) marks the token rejected, fails the run, and later runs are refused until a new token',
    async (failure, appleCode, reason) => {
      const f = await createSyncFixture();
      f.gateway.seed('SER00001');
      await f.engine.run(TOKEN, full);
      f.gateway.failNext('sync', gatewayError(failure, appleCode));

      const failed = await f.engine.run(TOKEN, incremental);

      expect(failed).toMatchObject({ status: 'failed', error: { code: `GATEWAY_${failure.toUpperCase()}` } });
      expect(failed.error?.message).toMatch(/new server token/);
      expect(await tokenState(f.store)).toMatchObject({ rejectedSince: '2026-01-05T09:00:00.000Z', rejectedReason: reason });
      f.gateway.calls.length = 0;
      const refused = await f.engine.run(TOKEN, incremental);
      expect(refused).toMatchObject({ status: 'refused', refusal: { reason: 'token_rejected', retryAt: null } });
      expect(f.gateway.calls).toEqual([]);
    },
  );

  it('manual assignment: refused for a rejected token; terms not signed is recorded, and cleared by the next successful call', async () => {
    const f = await createSyncFixture();
    await publishProfile(f, 'corp', 'PROFILEUUID0001', false);
    f.gateway.seed('SER00001');
    await f.engine.run(TOKEN, full);
    f.gateway.failNext('assign', gatewayError('terms_not_signed', 'T_C_NOT_SIGNED'));

    const refused = await f.engine.assignProfile(TOKEN, 'corp', ['SER00001']).catch((e: unknown) => e);

    expect(refused).toMatchObject({ code: 'GATEWAY_TERMS_NOT_SIGNED', failure: 'terms_not_signed' });
    expect((refused as Error).message).toMatch(/accept.*terms/i);
    expect(await tokenState(f.store)).toMatchObject({ termsNotSignedSince: '2026-01-05T09:00:00.000Z' });
    f.clock.advance(11 * 60 * 1000);
    expect(await f.engine.retryDueAssignments(TOKEN)).toMatchObject({ sent: 1, assigned: 1 });
    expect(await tokenState(f.store)).toMatchObject({ termsNotSignedSince: null });

    f.gateway.failNext('assign', gatewayError('token_rejected', 'token_rejected'));
    await expect(f.engine.assignProfile(TOKEN, 'corp', ['SER00001'])).rejects.toMatchObject({ code: 'GATEWAY_TOKEN_REJECTED' });
    await expect(f.engine.assignProfile(TOKEN, 'corp', ['SER00001'])).rejects.toMatchObject({ code: 'TOKEN_REJECTED' });
  });
});
