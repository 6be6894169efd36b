import { z } from 'zod';
import type { AppleApi } from './apple-api';
import { appleDeviceSchema, type AppleDevice } from './device';
import { maxSerialsPerRequest, mergeResults, serialBatches } from './serial-batches';

const detailSchema = z.object({ response_status: z.string().nullish() });
const detailsResponseSchema = z.object({ devices: z.record(z.string(), z.unknown()).nullish() });

/** One serial's answer: its record when Apple says SUCCESS, else only the status (`NOT_ACCESSIBLE` ...). */
export type AppleDeviceDetail = Readonly<{ status: 'SUCCESS'; device: AppleDevice }> | Readonly<{ status: string; device: null }>;

/** `POST /devices`: details of the given serials, batched by 1000. */
export const getDeviceDetails = async (
  api: AppleApi,
  tokenId: string,
  serials: readonly string[],
  signal?: AbortSignal,
): Promise<Record<string, AppleDeviceDetail>> => {
  const parts: Record<string, AppleDeviceDetail>[] = [];
  for (const batch of serialBatches(serials, maxSerialsPerRequest)) {
    const answer = await api.call(tokenId, { method: 'POST', path: '/devices', body: { devices: batch }, signal }, detailsResponseSchema);
    parts.push(Object.fromEntries(Object.entries(answer.devices ?? {}).map(([serial, raw]) => [serial, readDetail(serial, raw)])));
  }
  return mergeResults(parts);
};

const readDetail = (serial: string, raw: unknown): AppleDeviceDetail => {
  const status = detailSchema.safeParse(raw).data?.response_status ?? 'SUCCESS';
  if (status !== 'SUCCESS') return { status, device: null };
  const device = appleDeviceSchema.safeParse({ serial_number: serial, ...(raw as object) });
  return device.success ? { status: 'SUCCESS', device: device.data } : { status: 'UNREADABLE', device: null };
};
