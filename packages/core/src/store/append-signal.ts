/**
 * "Something was appended", inside one process: a store notifies it after each append (and, where
 * the database can tell, after another process's), and its waiting subscriptions wake at once
 * instead of at their next poll. Shared by the stores that poll a database (SQLite, PostgreSQL).
 */
export type AppendSignal = Readonly<{
  notify(): void;
  /** Calls `listener` on the next notify; returns a function that cancels it. */
  once(listener: () => void): () => void;
}>;

/** A new signal with no listener. */
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
