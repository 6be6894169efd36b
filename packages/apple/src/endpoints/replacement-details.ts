import { z } from 'zod';
import { isDepledgerError } from '@depledger/core';
import type { AppleApi } from './apple-api';

/**
 * Apple's GetReplacementDetailsResponse: every field optional in Apple's page. A `replacement_date`
 * is a day in UTC (`2025-01-15`); anything else reads as null rather than failing the answer.
 */
const replacementResponse = z.object({
  serial_number: z.string().optional(),
  original_device_serial_number: z.string().min(1),
  replacement_date: z
    .unknown()
    .optional()
    .transform((value): string | null => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null)),
});

export type AppleReplacementDetails = Readonly<{
  serial_number: string;
  original_device_serial_number: string;
  replacement_date: string | null;
}>;

/**
 * `GET /device/replacementDetails?device=<serial>` (X-Server-Protocol-Version 10 or later). Apple's
 * 404 `DEVICE_NOT_FOUND` — not a replacement device, an unknown serial, or not this server's — reads
 * as null; its 400 `DEVICE_ID_REQUIRED` and every other failure are errors.
 */
export const getReplacementDetails = async (
  api: AppleApi,
  tokenId: string,
  serial: string,
  signal?: AbortSignal,
): Promise<AppleReplacementDetails | null> => {
  try {
    const answer = await api.call(
      tokenId,
      { method: 'GET', path: '/device/replacementDetails', query: { device: serial }, signal },
      replacementResponse,
    );
    return {
      serial_number: answer.serial_number ?? serial,
      original_device_serial_number: answer.original_device_serial_number,
      replacement_date: answer.replacement_date,
    };
  } catch (error) {
    if (isDepledgerError(error) && error.details['httpStatus'] === 404) return null;
    throw error;
  }
};
