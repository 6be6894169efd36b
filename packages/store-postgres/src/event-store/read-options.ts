import { ValidationError, type ReadAllOptions } from '@depledger/core';

/** Checks an optional count/position option: absent, or an integer at least `min`. */
export const optionalInteger = (what: string, name: string, value: number | undefined, min: number, fallback: number): number => {
  if (value === undefined) return fallback;
  if ((Number.isSafeInteger(value) || value === Number.POSITIVE_INFINITY) && value >= min) return value;
  throw new ValidationError(what, [{ path: name, message: `must be an integer ≥ ${min}; got ${String(value)}` }]);
};

/** A global read's options checked: `after` (exclusive), `maxCount` (Infinity when absent) and the stream prefixes. */
export const normaliseReadAll = (options: ReadAllOptions, what: string): { after: number; maxCount: number; prefixes: string[] } => {
  const prefixes = [...(options.streamPrefixes ?? [])];
  const bad = prefixes.findIndex((prefix) => typeof prefix !== 'string');
  if (bad >= 0) throw new ValidationError(what, [{ path: `streamPrefixes[${bad}]`, message: 'must be a string' }]);
  return {
    after: optionalInteger(what, 'after', options.after, 0, 0),
    maxCount: optionalInteger(what, 'maxCount', options.maxCount, 0, Number.POSITIVE_INFINITY),
    prefixes,
  };
};
