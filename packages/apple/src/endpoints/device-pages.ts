import type { AppleApi } from './apple-api';
import { devicePageSchema, type AppleDevicePage } from './device';
import { readDevicePage } from './device-page-reader';

export type DevicePageOptions = Readonly<{ cursor?: string | undefined; limit?: number | undefined }>;

/** `POST /server/devices`: every device assigned to the server, page by page. No cursor starts a new snapshot. */
export const fetchDevices = (api: AppleApi, tokenId: string, options: DevicePageOptions, signal?: AbortSignal): Promise<AppleDevicePage> =>
  api.call(tokenId, { method: 'POST', path: '/server/devices', body: pageBody(options), signal }, devicePageSchema, readDevicePage);

/** `POST /devices/sync`: what changed since the cursor. */
export const syncDevices = (
  api: AppleApi,
  tokenId: string,
  options: DevicePageOptions & { cursor: string },
  signal?: AbortSignal,
): Promise<AppleDevicePage> =>
  api.call(tokenId, { method: 'POST', path: '/devices/sync', body: pageBody(options), signal }, devicePageSchema, readDevicePage);

const pageBody = (options: DevicePageOptions) => ({
  ...(options.cursor ? { cursor: options.cursor } : {}),
  ...(options.limit !== undefined ? { limit: options.limit } : {}),
});
