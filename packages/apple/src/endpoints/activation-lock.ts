import { z } from 'zod';
import type { AppleApi } from './apple-api';

/** Apple's ActivationLockStatusResponse. */
const statusResponse = z.object({ serial_number: z.string(), response_status: z.string() });

export type AppleActivationLockRequest = Readonly<{ device: string; escrow_key?: string; lost_message?: string }>;
export type AppleActivationLockStatus = z.output<typeof statusResponse>;

/** `POST /device/activationlock`: one device; `escrow_key` and `lost_message` only when given. */
export const escrowActivationLock = (
  api: AppleApi,
  tokenId: string,
  request: AppleActivationLockRequest,
  signal?: AbortSignal,
): Promise<AppleActivationLockStatus> =>
  api.call(tokenId, { method: 'POST', path: '/device/activationlock', body: request, signal }, statusResponse);
