/** Waits before resubscribing: doubles from `firstDelayMs` up to `maxDelayMs`. Cut short by `cancel()`. */
export type ResubscribeSettings = Readonly<{
  /** @defaultValue 100 */
  firstDelayMs: number;
  /** @defaultValue 5000 */
  maxDelayMs: number;
}>;

export const defaultResubscribeSettings: ResubscribeSettings = { firstDelayMs: 100, maxDelayMs: 5000 };

export const delayFor = (settings: ResubscribeSettings, attempt: number): number =>
  Math.min(settings.maxDelayMs, settings.firstDelayMs * 2 ** Math.min(attempt, 30));

export const cancellableWait = (ms: number): { done: Promise<void>; cancel: () => void } => {
  let cancel = () => {};
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    cancel = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, cancel };
};
