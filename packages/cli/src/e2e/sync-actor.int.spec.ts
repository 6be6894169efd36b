import type { StoredEvent } from '@depledger/core';
import { openSqliteStore } from '@depledger/store-sqlite';
import { cliIn, json } from '../test-support/cli-process';
import { simulatedCli } from '../test-support/simulated-token';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** Every stored event of one run (they share the run id as correlation id), read from the file. */
const eventsOfRun = async (path: string, runId: string): Promise<StoredEvent[]> => {
  const store = openSqliteStore({ path, env: {} });
  try {
    const found: StoredEvent[] = [];
    for await (const event of store.events.readAll()) if (event.metadata.correlationId === runId) found.push(event);
    return found;
  } finally {
    await store.close();
  }
};

/** docs/audit.md: `--actor <id>` (or DEPLEDGER_ACTOR) records the administrator who asked for a sync. */
describe('who asked for a sync, through the binary', () => {
  const e2e = simulatedCli('sync-actor', { seed: 11, token: { id: 'paris', devices: 4 } });
  const { dir, db, cli } = e2e;

  it("--actor u-8: the run is recorded as asked for by admin:u-8; Apple's facts keep system:sync with admin:u-8 as requestedBy", async () => {
    const synced = await cli('sync', '--token', 'paris', '--full', '--apple-url', e2e.url, '--json', '--actor', 'u-8');
    expect(synced.code).toBe(0);
    const { runId } = json<{ runId: string }>(synced);

    const events = await eventsOfRun(db, runId);
    const runEvents = events.filter((e) => e.streamName === 'dep-sync-paris');
    const deviceEvents = events.filter((e) => e.streamName.startsWith('dep-device-'));
    expect(runEvents.map((e) => e.type.replace(/\.v\d+$/, ''))).toEqual(
      expect.arrayContaining(['SyncRunStarted', 'SyncPageRecorded', 'SyncRunCompleted']),
    );
    expect(new Set(runEvents.map((e) => e.metadata.actor))).toEqual(new Set(['admin:u-8']));
    expect(deviceEvents.length).toBeGreaterThanOrEqual(4);
    expect(new Set(deviceEvents.map((e) => `${e.metadata.actor} for ${e.metadata.requestedBy}`))).toEqual(
      new Set(['system:sync for admin:u-8']),
    );

    const history = json<{ runId: string; actor: string }[]>(await cli('syncs', '--token', 'paris', '--json'));
    expect(history.find((r) => r.runId === runId)?.actor).toBe('admin:u-8');
    const serial = (deviceEvents[0]?.streamName ?? '').replace('dep-device-', '');
    const timeline = json<{ entries: { actor: string }[] }>(await cli('history', serial, '--json'));
    expect(timeline.entries.map((e) => e.actor)).toContain('system:sync');
  });

  it('DEPLEDGER_ACTOR does the same, and a refused sync is recorded as asked for by that administrator', async () => {
    const asU9 = cliIn(dir, { DEPLEDGER_ACTOR: 'u-9' });
    const synced = await asU9('sync', '--token', 'paris', '--apple-url', e2e.url, '--json');
    expect(synced.code).toBe(0);
    const { runId } = json<{ runId: string }>(synced);
    const runEvents = (await eventsOfRun(db, runId)).filter((e) => e.streamName === 'dep-sync-paris');
    expect(runEvents.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runEvents.map((e) => e.metadata.actor))).toEqual(new Set(['admin:u-9']));

    // Within today's Intune rules a second manual sync is too soon: the refusal is u-9's too.
    const refused = await asU9('sync', '--token', 'paris', '--apple-url', e2e.url, '--json', '--policy', 'intune-current');
    expect(refused.code).toBe(3);
    const refusal = json<{ runId: string; status: string }>(refused);
    expect(refusal.status).toBe('refused');
    const refusedEvents = await eventsOfRun(db, refusal.runId);
    expect(refusedEvents.map((e) => [e.type.replace(/\.v\d+$/, ''), e.metadata.actor])).toEqual([['SyncRunRefused', 'admin:u-9']]);
  });

  it("without --actor the run is the command line's (admin:cli), as for every administrator action", async () => {
    const synced = await cli('sync', '--token', 'paris', '--apple-url', e2e.url, '--json');
    expect(synced.code).toBe(0);
    const history = json<{ runId: string; actor: string }[]>(await cli('syncs', '--token', 'paris', '--json'));
    expect(history.find((r) => r.runId === json<{ runId: string }>(synced).runId)?.actor).toBe('admin:cli');
  });
});
