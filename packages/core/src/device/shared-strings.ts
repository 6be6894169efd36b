/**
 * One copy of a string that many device states hold: Apple's pages give every device its own copy
 * of the same model, colour, profile UUID, dates and "assigned by" reference (each page is parsed
 * afresh), and a sync run keeps up to 100,000 device states (`KNOWN_DEVICES_LIMIT`). Sharing them
 * cut a heap snapshot's strings by about two thirds for those states.
 *
 * The pool is small and bounded: it is emptied when full, so a field with many distinct values
 * costs a look-up and nothing more. Only for fields that repeat across devices (never serials).
 */
const POOL_LIMIT = 4096;
const pool = new Map<string, string>();

export const sharedString = <T extends string | null>(value: T): T => {
  if (value === null) return value;
  const known = pool.get(value);
  if (known !== undefined) return known as T;
  if (pool.size >= POOL_LIMIT) pool.clear();
  pool.set(value, value);
  return value;
};
