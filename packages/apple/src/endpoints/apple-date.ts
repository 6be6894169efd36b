import { z } from 'zod';

/**
 * An Apple date-time (ISO 8601 UTC). Absent, empty, unreadable and Go's zero time
 * (`0001-01-01T00:00:00Z`, which depsim sends) all read as null.
 */
export const appleDate = z
  .unknown()
  .optional()
  .transform((value): string | null =>
    typeof value !== 'string' || value === '' || value.startsWith('0001-01-01') || Number.isNaN(Date.parse(value)) ? null : value,
  );

/** An optional string field: anything else (absent, null, a number) reads as null. */
export const optionalText = z.unknown().optional().transform((value): string | null => (typeof value === 'string' ? value : null));
