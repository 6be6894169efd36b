import { z } from 'zod';
import { AppleError, badRequest } from '../apple-error';

/** `POST /server/devices` and `POST /devices/sync`. */
export const cursorRequest = z.object({
  cursor: z.string().nullish(),
  limit: z.number().int().nullish(),
});

/** `POST /devices`, `POST /devices/disown`, `DELETE /profile/devices`. */
export const serialListRequest = z.object({
  devices: z.array(z.string()).nullish(),
  profile_uuid: z.string().nullish(),
});

/** `POST` / `PUT /profile/devices`. */
export const assignRequest = z.object({
  profile_uuid: z.string().nullish(),
  devices: z.array(z.string()).nullish(),
});

/**
 * The `devices` list of a request: 400 `DEVICE_ID_REQUIRED` when absent or empty; more than the
 * per-request maximum (1000) → 400 `DEVICE_ID_LIMIT_EXCEEDED` (code unconfirmed).
 */
export function requireSerials(devices: readonly string[] | null | undefined, max: number): string[] {
  const serials = (devices ?? []).filter((s) => s !== '');
  if (serials.length === 0) throw badRequest('DEVICE_ID_REQUIRED');
  if (serials.length > max) throw badRequest('DEVICE_ID_LIMIT_EXCEEDED');
  return serials;
}

/** Page size: default when absent or < 1; above the maximum either clamped or refused. */
export function pageLimit(
  requested: number | null | undefined,
  settings: { defaultLimit: number; maxLimit: number; limitOverMax: 'clamp' | 'reject' },
): number {
  if (requested === null || requested === undefined || requested < 1) return settings.defaultLimit;
  if (requested <= settings.maxLimit) return requested;
  if (settings.limitOverMax === 'reject') throw new AppleError(400, 'INVALID_LIMIT');
  return settings.maxLimit;
}
