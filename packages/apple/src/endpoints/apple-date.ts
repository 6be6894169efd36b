import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });

/**
 * An Apple date-time (ISO 8601 UTC). Absent, empty, unreadable and Go's zero time
 * (`0001-01-01T00:00:00Z`, which depsim sends) all read as null. A date in another readable shape
 * (`2026-02-28`, an HTTP date) is rewritten as ISO 8601, the form depledger's events store.
 */
export const appleDate = z
  .unknown()
  .optional()
  .transform((value): string | null => {
    if (typeof value !== 'string' || value === '' || value.startsWith('0001-01-01')) return null;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return null;
    return isoDateTime.safeParse(value).success ? value : new Date(ms).toISOString();
  });

/** An optional string field: anything else (absent, null, a number) reads as null. */
export const optionalText = z
  .unknown()
  .optional()
  .transform((value): string | null => (typeof value === 'string' ? value : null));
