import type { Attributes, Counter, Histogram, Meter, Span, Tracer } from '@opentelemetry/api';
import type { TelemetryOption } from './telemetry-option';

/** The OpenTelemetry API when the application has it installed, else nothing (and no cost). */
type OpenTelemetryApi = typeof import('@opentelemetry/api');

const loadApi = (): OpenTelemetryApi | null => {
  try {
    // An optional peer dependency: required only when present, so depledger runs without it.
    return require('@opentelemetry/api') as OpenTelemetryApi;
  } catch {
    return null;
  }
};

/** Spans and metrics for Apple calls, sync runs and appends, through the application's OpenTelemetry providers. */
export type Telemetry = Readonly<{
  /** Runs `work` in a span named `name`; the span ends with the work, recording an error as its status. */
  span<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T>;
  appleCalls: Counter;
  appleDuration: Histogram;
  appended: Counter;
  syncRuns: Counter;
  syncDuration: Histogram;
}>;

/**
 * The instruments, or null when telemetry is off (`false`) or @opentelemetry/api is not installed.
 * Without registered providers the API's own no-op tracer and meter answer, at next to no cost.
 */
export const createTelemetry = (option: TelemetryOption | undefined): Telemetry | null => {
  if (option === false) return null;
  const api = loadApi();
  if (!api) return null;
  const given = typeof option === 'object' ? option : {};
  const tracer = (given.tracer as Tracer | undefined) ?? api.trace.getTracer('depledger');
  const meter = (given.meter as Meter | undefined) ?? api.metrics.getMeter('depledger');
  return {
    span: (name, attributes, work) =>
      tracer.startActiveSpan(name, { attributes }, async (span) => {
        try {
          return await work(span);
        } catch (error) {
          span.setStatus({ code: api.SpanStatusCode.ERROR, message: codeOf(error) });
          throw error;
        } finally {
          span.end();
        }
      }),
    appleCalls: meter.createCounter('depledger.apple.calls', { description: "Calls to Apple's DEP service, by operation and outcome" }),
    appleDuration: meter.createHistogram('depledger.apple.duration', {
      unit: 'ms',
      description: "Duration of calls to Apple's DEP service",
    }),
    appended: meter.createCounter('depledger.events.appended', { description: 'Events appended to the store' }),
    syncRuns: meter.createCounter('depledger.sync.runs', { description: 'Sync runs, by kind and status' }),
    syncDuration: meter.createHistogram('depledger.sync.duration', { unit: 'ms', description: 'Duration of sync runs' }),
  };
};

/** An error as telemetry and logs show it: its stable code only (messages may name things). */
export const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNEXPECTED';
};
