import { z } from 'zod';
import { badRequest } from '../apple-error';
import type { AppleContext, AppleReply } from '../http/apple-context';
import { parseBody } from '../http/request-body';

/** Apple's ActivationLockRequest. */
const lockRequest = z.object({
  device: z.string().nullish(),
  escrow_key: z.string().nullish(),
  lost_message: z.string().nullish(),
});

type Status = 'SUCCESS' | 'NOT_ACCESSIBLE' | 'DEVICE_NOT_SUPPORTED' | 'DEVICE_ALREADY_LOCKED' | 'FAILED';

/**
 * `POST /device/activationlock`: one device of this server. Not this server's → NOT_ACCESSIBLE; an
 * Apple TV (no Activation Lock) → DEVICE_NOT_SUPPORTED; locked already → DEVICE_ALREADY_LOCKED; an
 * escrow key that is not 64 hex characters (Apple's schema) → FAILED.
 */
export async function escrowActivationLock(ctx: AppleContext): Promise<AppleReply> {
  const request = parseBody(lockRequest, await ctx.body());
  const serial = request.device ?? '';
  if (serial === '') throw badRequest('DEVICE_ID_REQUIRED');
  const device = ctx.server.devices.get(serial);
  const escrowKey = request.escrow_key ?? undefined;
  let status: Status;
  if (device === undefined || device.disowned) status = 'NOT_ACCESSIBLE';
  else if (device.family === 'AppleTV') status = 'DEVICE_NOT_SUPPORTED';
  else if (device.activationLock !== undefined) status = 'DEVICE_ALREADY_LOCKED';
  else if (escrowKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(escrowKey)) status = 'FAILED';
  else {
    device.activationLock = { escrowKey, lockedAtMs: ctx.org.clock.nowMs() };
    status = 'SUCCESS';
  }
  return { json: JSON.stringify({ serial_number: serial, response_status: status }) };
}
