import { ValidationError } from '@depledger/core';

/** Checks an optional count/position option: absent, or an integer at least `min`. */
export const optionalInteger = (what: string, name: string, value: number | undefined, min: number, fallback: number): number => {
  if (value === undefined) return fallback;
  if ((Number.isSafeInteger(value) || value === Number.POSITIVE_INFINITY) && value >= min) return value;
  throw new ValidationError(what, [{ path: name, message: `must be an integer ≥ ${min}; got ${String(value)}` }]);
};
