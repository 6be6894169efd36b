import type { DemoShell } from './demo-shell';
import type { DemoStore } from './demo-store';
import type { DemoSimulator } from './demo-simulator';
import type { Narration } from './narration';
import { startedRuns, waitForRunStart } from './sync-watch';

export type ConcurrentSyncScene = Readonly<{ store: DemoStore; tokenId: string; sh: DemoShell; say: Narration; simulator: DemoSimulator }>;

/**
 * "While a sync runs, the Sync button is disabled": a sync is started in the background while the
 * simulated Apple holds its answers, and a second one asked for while it runs is refused (exit code 3).
 * Apple is let go only once the refusal is in, so the scene does not depend on how fast the machine is.
 */
export const showConcurrentSyncRefused = async ({ store, tokenId, sh, say, simulator }: ConcurrentSyncScene): Promise<void> => {
  say.say(say.t('demo.concurrent'));
  await simulator.setLatency(600_000);
  const before = await startedRuns(store, tokenId);
  const syncArgs = ['sync', '--token', tokenId, '--apple-url', simulator.url];
  sh.show(syncArgs);
  say.output(say.t('demo.background'));
  const background = sh.run(syncArgs, { quiet: true });
  try {
    await waitForRunStart(store, tokenId, before, background);
    await sh.run(syncArgs, { expectCode: 3 });
    say.say(say.t('demo.refusedExit'));
  } finally {
    // Releases the answers the background sync is waiting for.
    await simulator.setLatency(0);
  }
  const finished = await background;
  say.say(say.t('demo.backgroundMeanwhile'));
  say.output(finished.stdout);
};
