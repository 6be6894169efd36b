import { createAppleSimulator } from '@depledger/apple-simulator';
import { builtInProjections } from '@depledger/projections';
import { openSqliteStore } from '@depledger/store-sqlite';
import { join } from 'node:path';
import { buildCli, cliIn, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';
import { uploadSimulatedToken } from '../test-support/simulated-token';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** Each built-in read model's live checkpoint, and the store's head, read from the file. */
const checkpointsIn = async (path: string): Promise<{ head: number; checkpoints: Record<string, number | null> }> => {
  const store = openSqliteStore({ path, env: {} });
  try {
    const checkpoints: Record<string, number | null> = {};
    for (const { name } of builtInProjections) {
      const live = await store.readModels.live(name);
      checkpoints[name] = live === null ? null : await store.readModels.checkpoint(live);
    }
    return { head: await store.events.headPosition(), checkpoints };
  } finally {
    await store.close();
  }
};

/** When `depledger sync` returns, the read models hold what it recorded: the next command pays no catch-up. */
describe('the read models after a sync, through the binary', () => {
  const sim = createAppleSimulator({ seed: 17 });
  const dir = tempDir('sync-read-models');
  const db = join(dir, 'depledger.db');
  let cli: Cli;
  let url = '';

  beforeAll(async () => {
    buildCli();
    ({ url } = await sim.start());
    cli = cliIn(dir);
    await uploadSimulatedToken(cli, sim, url, 'paris', 6);
  }, 60_000);

  afterAll(async () => {
    removeDir(dir);
    await sim.stop();
  });

  it('a full sync leaves every built-in read model at the store head, with the devices it added', async () => {
    const synced = await cli('sync', '--token', 'paris', '--full', '--apple-url', url, '--json');
    expect(synced.code).toBe(0);
    expect(json<{ counts: { added: number } }>(synced).counts.added).toBe(6);

    const { head, checkpoints } = await checkpointsIn(db);
    expect(head).toBeGreaterThan(0);
    expect(checkpoints).toEqual(Object.fromEntries(builtInProjections.map((p) => [p.name, head])));

    const summary = json<{ tokenId: string; total: number }[]>(await cli('summary', '--token', 'paris', '--json'));
    expect(summary).toEqual([expect.objectContaining({ tokenId: 'paris', total: 6 })]);
  });
});
