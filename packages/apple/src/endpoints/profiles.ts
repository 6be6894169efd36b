import { z } from 'zod';
import { ValidationError } from '@depledger/core';
import type { AppleApi } from './apple-api';
import { deviceStatusesSchema } from './device-status';
import { appleProfileRequestSchema, appleProfileSchema, type AppleProfile, type AppleProfileRequest } from './profile';
import { maxSerialsPerRequest, mergeResults, serialBatches } from './serial-batches';

const defineResponseSchema = z.object({ profile_uuid: z.string().min(1), devices: deviceStatusesSchema });

export type DefinedProfile = Readonly<{ profile_uuid: string; devices: Record<string, string> }>;

/** `POST /profile`: Apple answers with a new, immutable profile UUID. */
export const defineProfile = async (
  api: AppleApi,
  tokenId: string,
  profile: AppleProfileRequest,
  signal?: AbortSignal,
): Promise<DefinedProfile> => {
  const body = appleProfileRequestSchema.safeParse(profile);
  if (!body.success) {
    throw new ValidationError(
      'Apple profile',
      body.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      'APPLE_PROFILE_INVALID',
    );
  }
  return api.call(tokenId, { method: 'POST', path: '/profile', body: body.data, signal }, defineResponseSchema);
};

/** `GET /profile?profile_uuid=…`. */
export const getProfile = (api: AppleApi, tokenId: string, profileUuid: string, signal?: AbortSignal): Promise<AppleProfile> =>
  api.call(tokenId, { method: 'GET', path: '/profile', query: { profile_uuid: profileUuid }, signal }, appleProfileSchema);

const assignResponseSchema = z.object({
  profile_uuid: z.string().nullish(),
  devices: deviceStatusesSchema,
  retry_after_seconds: z.number().nonnegative().nullish(),
});

export type AssignedProfile = Readonly<{
  profile_uuid: string;
  /** Per serial: SUCCESS | NOT_ACCESSIBLE | FAILED | THROTTLED. */
  devices: Record<string, string>;
  /** The longest `retry_after_seconds` of any batch (protocol 10, when a device was throttled). */
  retry_after_seconds: number | null;
}>;

/** `POST /profile/devices` (or the legacy PUT), in batches of at most 1000 serials. */
export const assignProfile = async (
  api: AppleApi,
  tokenId: string,
  request: { profileUuid: string; serials: readonly string[]; method: 'POST' | 'PUT'; batchSize: number },
  signal?: AbortSignal,
): Promise<AssignedProfile> => {
  const parts: Record<string, string>[] = [];
  let retryAfter: number | null = null;
  for (const batch of serialBatches(request.serials, Math.min(request.batchSize, maxSerialsPerRequest))) {
    const answer = await api.call(
      tokenId,
      { method: request.method, path: '/profile/devices', body: { profile_uuid: request.profileUuid, devices: batch }, signal },
      assignResponseSchema,
    );
    parts.push(answer.devices);
    if (answer.retry_after_seconds != null) retryAfter = Math.max(retryAfter ?? 0, answer.retry_after_seconds);
  }
  return { profile_uuid: request.profileUuid, devices: mergeResults(parts), retry_after_seconds: retryAfter };
};

/** `DELETE /profile/devices` with a JSON body. Per serial: SUCCESS | NOT_ACCESSIBLE | FAILED. */
export const removeProfile = async (
  api: AppleApi,
  tokenId: string,
  request: { serials: readonly string[]; profileUuid?: string | undefined },
  signal?: AbortSignal,
): Promise<Record<string, string>> => {
  const parts: Record<string, string>[] = [];
  for (const batch of serialBatches(request.serials, maxSerialsPerRequest)) {
    const body = { devices: batch, ...(request.profileUuid ? { profile_uuid: request.profileUuid } : {}) };
    const answer = await api.call(
      tokenId,
      { method: 'DELETE', path: '/profile/devices', body, signal },
      z.object({ devices: deviceStatusesSchema }),
    );
    parts.push(answer.devices);
  }
  return mergeResults(parts);
};
