import type { AppleApi } from './apple-api';
import { deviceStatusResponseSchema } from './device-status';
import { maxSerialsPerRequest, mergeResults, serialBatches } from './serial-batches';

/** `POST /devices/disown`: removes devices from the organisation for good. Per serial: SUCCESS | NOT_ACCESSIBLE | FAILED. */
export const disownDevices = async (
  api: AppleApi,
  tokenId: string,
  serials: readonly string[],
  signal?: AbortSignal,
): Promise<Record<string, string>> => {
  const parts: Record<string, string>[] = [];
  for (const batch of serialBatches(serials, maxSerialsPerRequest)) {
    const answer = await api.call(
      tokenId,
      { method: 'POST', path: '/devices/disown', body: { devices: batch }, signal },
      deviceStatusResponseSchema,
    );
    parts.push(answer.devices);
  }
  return mergeResults(parts);
};
