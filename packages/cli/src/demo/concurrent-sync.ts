import type { DemoShell } from './demo-shell';
import type { DemoStore } from './demo-store';
import type { DemoSimulator } from './demo-simulator';
import type { Narration } from './narration';
import { startedRuns, waitForRunStart } from './sync-watch';

export type ConcurrentSyncScene = Readonly<{ store: DemoStore; tokenId: string; sh: DemoShell; say: Narration; simulator: DemoSimulator }>;

/**
 * "While a sync runs, the Sync button is disabled": a sync is started in the background against a
 * slowed-down Apple, and a second one asked for while it runs is refused (exit code 3).
 */
export const showConcurrentSyncRefused = async ({ store, tokenId, sh, say, simulator }: ConcurrentSyncScene): Promise<void> => {
  say.say("\nAnd while a sync runs, the Sync button is disabled. The demo slows the simulated Apple down (2 s per call),\nstarts a sync in the background and asks for another one:");
  await simulator.setLatency(2000);
  const before = await startedRuns(store, tokenId);
  const syncArgs = ['sync', '--token', tokenId, '--apple-url', simulator.url];
  sh.show(syncArgs);
  say.output('(running in the background)');
  const background = sh.run(syncArgs, { quiet: true });
  try {
    await waitForRunStart(store, tokenId, before);
    await sh.run(syncArgs, { expectCode: 3 });
    say.say('  (exit code 3: refused by the sync rules)');
  } finally {
    await simulator.setLatency(0);
  }
  const finished = await background;
  say.say('\nThe background sync meanwhile:');
  say.output(finished.stdout);
};
