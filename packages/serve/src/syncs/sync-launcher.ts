import { randomUUID } from 'node:crypto';
import { syncStream, type Depledger, type SyncCounts, type SyncRefusal, type SyncRunResult } from '@depledger/core';

/** A run this process started and is still running: what its pages reported so far. */
export type RunProgress = Readonly<{
  runId: string;
  tokenId: string;
  pages: number;
  phase: 'fetch' | 'sync' | null;
  /** The last page's counts. */
  counts: SyncCounts | null;
  /** Records delivered so far, by pass: a full run's sync pass lists the fetch's devices again, so they are never added up. */
  records: Readonly<{ fetch: number; sync: number }>;
}>;

export type LaunchOutcome =
  | Readonly<{ status: 'started'; runId: string; kind: 'full' | 'incremental'; requested: 'full' | 'incremental' }>
  | Readonly<{ status: 'refused'; runId: string; refusal: SyncRefusal }>
  | Readonly<{ status: 'finished'; runId: string; result: SyncRunResult }>;

export type SyncLauncher = Readonly<{
  /** Starts a run and answers as soon as it is recorded as started (or was refused, or already ended), leaving it to run. */
  launch(tokenId: string, kind: 'full' | 'incremental', actor: string): Promise<LaunchOutcome>;
  /** The progress of a run this process is running, or undefined. */
  progress(runId: string): RunProgress | undefined;
  /** Cancels the runs in flight (each is recorded as cancelled; the next run resumes from its last page) and waits for them. */
  cancelAll(): Promise<void>;
}>;

type Running = { progress: RunProgress; abort: AbortController; done: Promise<unknown> };

/**
 * "Sync now" for an API: a request gets 202 as soon as its run is recorded as started, not when the
 * run ends. Whether it started is read from the token's sync stream, where the domain records it,
 * so the sync rules (one run at a time, the full-sync interval) stay the domain's.
 */
export const createSyncLauncher = (depledger: Depledger): SyncLauncher => {
  const running = new Map<string, Running>();

  const startedIn = (tokenId: string, runId: string, after: number) => {
    const stream = syncStream(tokenId);
    const subscription = depledger.store.subscribe({ after, streamPrefixes: [stream] });
    const seen = (async () => {
      for await (const event of subscription) {
        if (event.streamName !== stream || !event.type.startsWith('SyncRunStarted.')) continue;
        const data = event.data as { runId?: unknown; kind?: unknown; requested?: unknown };
        if (data.runId === runId) return { kind: data.kind as 'full' | 'incremental', requested: data.requested as 'full' | 'incremental' };
      }
      return null;
    })();
    return { seen, close: () => subscription.close() };
  };

  return {
    launch: async (tokenId, kind, actor) => {
      const runId = randomUUID();
      const abort = new AbortController();
      const head = await depledger.store.headPosition();
      const watch = startedIn(tokenId, runId, head);
      const entry: Running = {
        progress: { runId, tokenId, pages: 0, phase: null, counts: null, records: { fetch: 0, sync: 0 } },
        abort,
        done: Promise.resolve(),
      };
      running.set(runId, entry);
      const result = depledger.sync
        .run(tokenId, {
          kind,
          trigger: 'manual',
          runId,
          actor,
          signal: abort.signal,
          onPage: (page) => {
            const { records } = entry.progress;
            entry.progress = {
              runId,
              tokenId,
              pages: page.page,
              phase: page.phase,
              counts: page.counts,
              records: { ...records, [page.phase]: records[page.phase] + page.counts.received },
            };
          },
        })
        .finally(() => running.delete(runId));
      entry.done = result.catch(() => undefined);
      try {
        const first = await Promise.race([watch.seen.then((started) => ({ started })), result.then((ended) => ({ ended }))]);
        if ('started' in first && first.started)
          return { status: 'started', runId, kind: first.started.kind, requested: first.started.requested };
        const ended = 'ended' in first ? first.ended : await result;
        if (ended.status === 'refused' && ended.refusal) return { status: 'refused', runId, refusal: ended.refusal };
        return { status: 'finished', runId, result: ended };
      } finally {
        await watch.close();
      }
    },
    progress: (runId) => running.get(runId)?.progress,
    cancelAll: async () => {
      const inFlight = [...running.values()];
      for (const run of inFlight) run.abort.abort();
      await Promise.all(inFlight.map((run) => run.done));
    },
  };
};
