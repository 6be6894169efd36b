import { z } from 'zod';

/** The ISO 8601 date-time zod checks `z.iso.datetime({ offset: true })` with. */
const isoDateTime = z.regexes.datetime({ offset: true, local: false, precision: null });

/**
 * An Apple date-time (ISO 8601 UTC). Absent, empty, unreadable and Go's zero time
 * (`0001-01-01T00:00:00Z`, which depsim sends) all read as null. A date in another readable shape
 * (`2026-02-28`, an HTTP date) is rewritten as ISO 8601, the form depledger's events store.
 */
export const readAppleDate = (value: unknown): string | null => {
  if (typeof value !== 'string' || value === '' || value.startsWith('0001-01-01')) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return isoDateTime.test(value) ? value : new Date(ms).toISOString();
};

/** An optional string field: anything else (absent, null, a number) reads as null. */
export const readOptionalText = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** `readAppleDate` as a field of a zod schema. */
export const appleDate = z.unknown().optional().transform(readAppleDate);

/** `readOptionalText` as a field of a zod schema. */
export const optionalText = z.unknown().optional().transform(readOptionalText);
