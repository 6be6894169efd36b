import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';

/** Median and spread of several measured runs (rates per second, or milliseconds). */
export type Sample = Readonly<{ median: number; min: number; max: number; runs: number }>;

export const sampleOf = (values: readonly number[]): Sample => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no measured run');
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs: sorted.length };
};

export type RunPlan = Readonly<{ runs: number; warmups: number }>;

/** A measured run shorter than this repeats the body inside the timed region, so timer and JIT noise stay small. */
const minimumRunMs = 200;

/**
 * Runs `body` `warmups` times unmeasured, then `runs` times; returns items per second. A body
 * that takes less than 200 ms is repeated inside each measured run (the same count for every run).
 */
export const throughput = async (
  items: number,
  body: () => Promise<unknown> | unknown,
  plan: RunPlan = { runs: 3, warmups: 1 },
): Promise<Sample> => {
  let lastMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < plan.warmups; i++) {
    const start = performance.now();
    await body();
    lastMs = performance.now() - start;
  }
  const repeats = Math.max(1, Math.min(1000, Math.ceil(minimumRunMs / Math.max(lastMs, 0.01))));
  const rates: number[] = [];
  for (let i = 0; i < plan.runs; i++) {
    const start = performance.now();
    for (let r = 0; r < repeats; r++) await body();
    rates.push((items * repeats) / ((performance.now() - start) / 1000));
  }
  return sampleOf(rates);
};

/** Runs `body` `warmups` times unmeasured, then `runs` times; returns milliseconds per run. */
export const duration = async (body: () => Promise<unknown> | unknown, plan: RunPlan = { runs: 3, warmups: 1 }): Promise<Sample> => {
  for (let i = 0; i < plan.warmups; i++) await body();
  const ms: number[] = [];
  for (let i = 0; i < plan.runs; i++) {
    const start = performance.now();
    await body();
    ms.push(performance.now() - start);
  }
  return sampleOf(ms);
};

/** This process's peak resident set size in MB (VmHWM where /proc has it, else resourceUsage). */
export const peakRssMb = (): number => {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    if (line !== undefined) return Number(line.replace(/\D+/g, '')) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
};

export const formatRate = (rate: number): string =>
  rate >= 1e6 ? `${(rate / 1e6).toFixed(2)}M/s` : rate >= 1e3 ? `${(rate / 1e3).toFixed(0)}k/s` : `${rate.toFixed(0)}/s`;

export const formatMs = (ms: number): string =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;

/** Lets the collector run between workloads when Node was started with --expose-gc. */
export const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();
