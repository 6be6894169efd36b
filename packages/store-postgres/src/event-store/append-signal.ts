/** "Something was appended": wakes waiting subscriptions at once. */
export type AppendSignal = Readonly<{
  notify(): void;
  /** Calls `listener` on the next notify; returns a function that cancels it. */
  once(listener: () => void): () => void;
}>;

export const createAppendSignal = (): AppendSignal => {
  const listeners = new Set<() => void>();
  return {
    notify() {
      const waiting = [...listeners];
      listeners.clear();
      for (const listener of waiting) listener();
    },
    once(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
};
