/**
 * Resolves at the first SIGINT (Ctrl-C) or SIGTERM, and holds the process alive until then (a
 * scheduler's timers never do), leaving no listener or timer behind.
 */
export const untilStopped = (): Promise<void> =>
  new Promise((resolve) => {
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      clearInterval(keepAlive);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
