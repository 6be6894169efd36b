import type { AppendResult, AppendToStreamsOptions, EventStore, StoredEventInput, StreamWrite } from '../ports/event-store';
import type { TenantId } from '../tenancy/tenant-id';
import type { DepledgerLogger } from './logger';
import type { Telemetry } from './telemetry';

const syncRunLog: Readonly<Record<string, { level: 'info' | 'warn'; message: string; fields: readonly string[] }>> = {
  'SyncRunStarted.v1': { level: 'info', message: 'sync run started', fields: ['runId', 'kind', 'requested', 'trigger'] },
  'SyncRunCompleted.v1': {
    level: 'info',
    message: 'sync run completed',
    fields: ['runId', 'kind', 'outcome', 'counts', 'pages', 'durationMs'],
  },
  'SyncRunRefused.v1': { level: 'info', message: 'sync run refused', fields: ['runId', 'reason'] },
  'SyncRunFailed.v1': { level: 'warn', message: 'sync run failed', fields: ['runId', 'code', 'durationMs'] },
  'SyncRunTimedOut.v1': { level: 'warn', message: 'sync run timed out', fields: ['runId', 'deadlineAt'] },
  'TokenRejected.v1': { level: 'warn', message: 'token rejected by Apple', fields: ['reason'] },
  'TokenExpiring.v1': { level: 'warn', message: 'token expiring', fields: ['expiresAt', 'daysLeft'] },
  'TokenExpired.v1': { level: 'warn', message: 'token expired', fields: ['expiredAt'] },
};

const pick = (data: unknown, fields: readonly string[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const field of fields)
    if (typeof data === 'object' && data !== null && field in data) out[field] = (data as Record<string, unknown>)[field];
  return out;
};

/**
 * The store, with its appends logged (stream, types, counts — never data) and counted, and the
 * lifecycle of sync runs and tokens told as it is recorded (ids, counts, codes from the events).
 */
export const observeStore = (
  store: EventStore,
  logger: DepledgerLogger | undefined,
  telemetry: Telemetry | null,
  tenant: TenantId,
): EventStore => {
  const told = (events: readonly StoredEventInput[], result: AppendResult | undefined, stream: string, durationMs: number) => {
    telemetry?.appended.add(result?.appended ?? 0, { stream: stream.replace(/^(dep-[a-z]+)-.*$/, '$1'), tenant });
    if (!logger) return;
    logger.debug(
      {
        stream,
        types: [...new Set(events.map((e) => e.type))],
        count: events.length,
        appended: result?.appended ?? 0,
        lastPosition: result?.lastPosition ?? null,
        durationMs,
      },
      'events appended',
    );
    if (result?.appended === 0) return;
    for (const event of events) {
      const lifecycle = syncRunLog[event.type];
      if (lifecycle) logger[lifecycle.level]({ tokenId: event.metadata.tokenId, ...pick(event.data, lifecycle.fields) }, lifecycle.message);
    }
  };

  const append = async (stream: string, events: readonly StoredEventInput[], run: () => Promise<AppendResult>): Promise<AppendResult> => {
    const started = performance.now();
    const result = telemetry
      ? await telemetry.span(
          'depledger.store.append',
          { 'depledger.stream': stream, 'depledger.events': events.length, 'depledger.tenant': tenant },
          run,
        )
      : await run();
    told(events, result, stream, Math.round(performance.now() - started));
    return result;
  };

  return new Proxy(store, {
    get: (target, property, receiver) => {
      if (property === 'appendToStream') {
        return (stream: string, events: readonly StoredEventInput[], options: Parameters<EventStore['appendToStream']>[2]) =>
          append(stream, events, () => target.appendToStream(stream, events, options));
      }
      if (property === 'appendToStreams' && target.appendToStreams) {
        const appendToStreams = target.appendToStreams.bind(target);
        return async (writes: readonly StreamWrite[], options?: AppendToStreamsOptions) => {
          const started = performance.now();
          const run = () => appendToStreams(writes, options);
          const results = telemetry
            ? await telemetry.span('depledger.store.append', { 'depledger.streams': writes.length, 'depledger.tenant': tenant }, run)
            : await run();
          const durationMs = Math.round(performance.now() - started);
          writes.forEach((write, i) => told(write.events, results[i], write.streamName, durationMs));
          return results;
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
};
