import { classifyFailure, failureError } from './postgres-failure';
import type { PostgresUrl } from './connection-url';

export type RetryPolicy = Readonly<{
  /** Further attempts after the first, for transient failures only. */
  retries: number;
  /** The wait before the first retry, doubled before each next one, in ms. */
  firstDelayMs: number;
}>;

export const defaultRetryPolicy: RetryPolicy = { retries: 4, firstDelayMs: 100 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` again after a transient failure (connection refused or lost, a serialization
 * failure, a server restarting) and turns what is left into a typed error. Only for operations that
 * are safe to repeat: every statement depledger sends is one transaction, so a failed attempt wrote
 * nothing or all of it, and appends skip the events already stored.
 */
export const retrying = async <T>(url: PostgresUrl, policy: RetryPolicy, what: string, attempt: () => Promise<T>): Promise<T> => {
  let delay = policy.firstDelayMs;
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (classifyFailure(error) !== 'transient' || tries >= policy.retries) throw failureError(error, url, what);
      await sleep(delay);
      delay *= 2;
    }
  }
};
