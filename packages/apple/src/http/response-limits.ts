import { AppleResponseTooLargeError } from '../errors/transport-errors';

/**
 * The most bytes of one answer (after gzip or deflate is undone) read from each endpoint, by path;
 * `'*'` for any other. A page of 1000 devices is about 0.5 MB; the device endpoints allow 32 times
 * that (a page far larger than asked for is still taken whole), the others 1 MiB.
 */
export type ResponseLimits = Readonly<Record<string, number>>;

const mebibyte = 1024 * 1024;

export const defaultResponseLimits: ResponseLimits = {
  '/server/devices': 16 * mebibyte,
  '/devices/sync': 16 * mebibyte,
  '/devices': 16 * mebibyte,
  '*': mebibyte,
};

export const responseLimitFor = (limits: ResponseLimits, path: string): number => limits[path] ?? limits['*'] ?? mebibyte;

/**
 * Reads a body as text, at most `limit` bytes of it: the body is decoded as it arrives (fetch undoes
 * gzip and deflate chunk by chunk) and the connection is dropped as soon as it goes past the limit,
 * so a small compressed answer that would inflate to gigabytes never does.
 */
export const readBoundedText = async (response: Response, limit: number, endpoint: string): Promise<string> => {
  const body = response.body;
  if (body === null) return '';
  const declared = Number(response.headers.get('content-length'));
  if (response.headers.get('content-encoding') === null && Number.isFinite(declared) && declared > limit) {
    await body.cancel();
    throw new AppleResponseTooLargeError(endpoint, limit);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppleResponseTooLargeError(endpoint, limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, size));
};
