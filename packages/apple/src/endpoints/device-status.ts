import { z } from 'zod';

/** Per-serial result strings (`SUCCESS`, `NOT_ACCESSIBLE`, `FAILED`, `THROTTLED`); kept as text, Apple may add values. */
export const deviceStatusesSchema = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((devices): Record<string, string> =>
    Object.fromEntries(
      Object.entries(devices ?? {}).map(([serial, status]) => [serial, typeof status === 'string' ? status : String(status)]),
    ),
  );

export const deviceStatusResponseSchema = z.object({ devices: deviceStatusesSchema });
