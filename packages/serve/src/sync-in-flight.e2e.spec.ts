import { syncStream } from '@depledger/core';
import { eventually, startServeFixture, type ServeFixture } from './testing/serve-fixture';

// A sync in flight over HTTP: a second request is refused with 409 and when to ask again, and
// closing the server (what SIGTERM does) cancels the run and records it, so the next one resumes.

const setUpToken = async (f: ServeFixture) => {
  const key = await f.api('POST', '/tokens/paris/keys');
  const issued = f.simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: key.body.certificatePem });
  f.simulator.devices.seed({ count: 3, serverId: issued.serverId });
  expect(
    (await f.api('PUT', '/tokens/paris/server-token', { raw: issued.p7m as string, headers: { 'x-apple-id': 'alice@contoso.example' } }))
      .status,
  ).toBe(200);
};

describe('depledger serve: a sync in flight', () => {
  it('refuses a second sync with 409 and retryAt, and a close cancels the run and records it', async () => {
    const f = await startServeFixture();
    let closed = false;
    try {
      await setUpToken(f);
      // Apple answers nothing until released: the run is recorded as started and waits on its first page
      f.apple.hold();
      const first = await f.api('POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ kind: 'full', requested: 'full' });

      const second = await f.api('POST', '/tokens/paris/syncs', { json: {} });
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ code: 'SYNC_REFUSED', details: { reason: 'run_in_progress', blockingRunId: first.body.runId } });
      expect(Date.parse(second.body.details.retryAt)).toBeGreaterThan(Date.now());

      const running = await f.api('GET', first.body.statusUrl, { key: f.readKey });
      expect(running.body).toMatchObject({ outcome: 'running', live: { pages: 0, records: { fetch: 0, sync: 0 } } });

      await f.server.close();
      closed = true;
      const recorded: { type: string; data: Record<string, unknown> }[] = [];
      for await (const stored of f.store.readStream(syncStream('paris')))
        recorded.push({ type: stored.type, data: stored.data as Record<string, unknown> });
      const failed = recorded.find((e) => e.type.startsWith('SyncRunFailed.') && e.data['runId'] === first.body.runId);
      expect(failed?.data).toMatchObject({ code: 'SYNC_RUN_CANCELLED' });
    } finally {
      f.apple.release();
      if (!closed) await f.server.close();
      await f.simulator.stop();
    }
  }, 60_000);

  it("says a full run's records by pass, so its devices are counted once (the sync pass lists the fetch's devices again)", async () => {
    const f = await startServeFixture();
    try {
      await setUpToken(f);
      // a default profile: the fetch's devices get it, and the sync pass after the fetch reports them again as modified
      const settings = { name: 'Contoso iPhones', url: 'https://mdm.contoso.example/enroll' };
      expect((await f.api('POST', '/profiles', { json: { profileId: 'corp', tokenId: 'paris', settings } })).status).toBe(201);
      expect((await f.api('POST', '/profiles/corp/publish')).status).toBe(200);
      expect((await f.api('PUT', '/tokens/paris/default-profile', { json: { profileId: 'corp' } })).status).toBe(200);
      const started = await f.api('POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
      expect(started.status).toBe(202);
      const ended = await eventually(async () => {
        const run = await f.api('GET', started.body.statusUrl, { key: f.readKey });
        return run.body.outcome === 'running' ? undefined : run.body;
      });
      expect(ended).toMatchObject({ outcome: 'completed', records: { fetch: 3, sync: 3 }, counts: { received: 6 }, live: null });
      const listed = await f.api('GET', '/tokens/paris/syncs', { key: f.readKey });
      expect(listed.body.runs[0]).toMatchObject({ runId: started.body.runId, records: { fetch: 3, sync: 3 } });
    } finally {
      await f.server.close();
      await f.simulator.stop();
    }
  }, 60_000);
});
