import { syncStream } from '@depledger/core';
import { startServeFixture, type ServeFixture } from './testing/serve-fixture';

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
      expect(running.body).toMatchObject({ outcome: 'running', live: { pages: 0 } });

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
});
