/** Apple takes at most this many serials per request. */
export const maxSerialsPerRequest = 1000;

/** Distinct serials, in order, cut into batches of at most `size`. */
export const serialBatches = (serials: readonly string[], size: number): string[][] => {
  const distinct = [...new Set(serials)];
  const batches: string[][] = [];
  for (let start = 0; start < distinct.length; start += size) batches.push(distinct.slice(start, start + size));
  return batches;
};

/** Per-serial answers of several batches, as one record. */
export const mergeResults = <T>(parts: readonly Readonly<Record<string, T>>[]): Record<string, T> => Object.assign({}, ...parts);
