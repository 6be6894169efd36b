/**
 * Ctrl-C (or SIGTERM) during a sync cancels the run instead of killing the process: the engine
 * records it as failed (SYNC_RUN_CANCELLED), so the next "Sync now" is not refused as "already
 * running" until the 10-minute deadline. A second Ctrl-C stops the process at once.
 */
export const cancelOnInterrupt = (): Readonly<{ signal: AbortSignal; release(): void }> => {
  const controller = new AbortController();
  const cancel = () => {
    controller.abort();
    release();
  };
  const release = () => {
    process.removeListener('SIGINT', cancel);
    process.removeListener('SIGTERM', cancel);
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  return { signal: controller.signal, release };
};
