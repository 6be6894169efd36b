import { performance } from 'node:perf_hooks';

export type Sample = { median: number; min: number; max: number; runs: number };

/** Runs `body` `runs` times after `warmups` unmeasured runs; returns events per second (median and spread). */
export const throughput = async (events: number, body: () => Promise<void> | void, runs = 3, warmups = 1): Promise<Sample> => {
  for (let i = 0; i < warmups; i++) await body();
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body();
    rates.push(events / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { median: rates[Math.floor(rates.length / 2)] as number, min: rates[0] as number, max: rates[rates.length - 1] as number, runs };
};

export const formatRate = (rate: number): string =>
  rate >= 1e6 ? `${(rate / 1e6).toFixed(2)}M/s` : rate >= 1e3 ? `${(rate / 1e3).toFixed(0)}k/s` : `${rate.toFixed(0)}/s`;
