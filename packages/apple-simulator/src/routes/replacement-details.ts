import { AppleError, badRequest } from '../apple-error';
import type { AppleContext, AppleReply } from '../http/apple-context';

/**
 * `GET /device/replacementDetails?device=<serial>`: the original serial and the day of the
 * replacement. No `device` → 400 `DEVICE_ID_REQUIRED`; a serial that is not a replacement device of
 * this server (or a request below X-Server-Protocol-Version 10, which Apple requires) → 404
 * `DEVICE_NOT_FOUND`.
 */
export function replacementDetails(ctx: AppleContext): AppleReply {
  const serial = ctx.query.get('device') ?? '';
  if (serial.trim() === '') throw badRequest('DEVICE_ID_REQUIRED');
  const device = ctx.server.devices.get(serial);
  const replaces = device?.replaces;
  if (ctx.protocolVersion < 10 || replaces === undefined) throw new AppleError(404, 'DEVICE_NOT_FOUND');
  return {
    json: JSON.stringify({
      serial_number: serial,
      original_device_serial_number: replaces.originalSerial,
      replacement_date: replaces.replacementDate,
    }),
  };
}
