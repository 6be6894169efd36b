/** Anything that can tell the time. Structurally the same as depledger core's `Clock`. */
export interface Clock {
  now(): Date;
}

/** The simulator's clock: a base clock plus an offset that tests can move. */
export interface SimulatorClock extends Clock {
  /** Moves time forward (or backward with a negative value) by `ms` milliseconds. */
  advance(ms: number): Date;
  /** Jumps to `date`. */
  set(date: Date): Date;
  /** Milliseconds since the epoch, cheaper than `now().getTime()`. */
  nowMs(): number;
  /** The base clock's time, without the offset that `advance`/`set` added. */
  baseNowMs(): number;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  advance(ms: number): Date;
  set(date: Date): Date;
}

export function createManualClock(start: Date = new Date()): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
      return new Date(current);
    },
    set(date) {
      current = date.getTime();
      return new Date(current);
    },
  };
}

export function createSimulatorClock(base: Clock = systemClock): SimulatorClock {
  let offset = 0;
  const nowMs = (): number => base.now().getTime() + offset;
  return {
    nowMs,
    baseNowMs: () => base.now().getTime(),
    now: () => new Date(nowMs()),
    advance(ms) {
      offset += ms;
      return new Date(nowMs());
    },
    set(date) {
      offset += date.getTime() - nowMs();
      return new Date(nowMs());
    },
  };
}

let lastSecond = Number.NaN;
let lastText = '';

/**
 * ISO 8601 UTC without milliseconds, as Apple writes timestamps: `2018-09-08T17:28:18Z`.
 * Remembers the last second formatted (devices assigned together share it; pages are built fast).
 */
export function appleTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    lastSecond = second;
  }
  return lastText;
}
