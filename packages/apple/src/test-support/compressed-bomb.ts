import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, createDeflate, createGzip, type Gzip } from 'node:zlib';

/** `inflatedBytes` zero bytes, gzip- or deflate-compressed (about a thousandth of their size). */
export const compressedZeros = (inflatedBytes: number, encoding: 'gzip' | 'deflate' = 'gzip'): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const compressor: Gzip =
      encoding === 'gzip' ? createGzip({ level: constants.Z_BEST_COMPRESSION }) : createDeflate({ level: constants.Z_BEST_COMPRESSION });
    const out: Buffer[] = [];
    compressor.on('data', (chunk: Buffer) => out.push(chunk));
    compressor.on('end', () => resolve(Buffer.concat(out)));
    compressor.on('error', reject);
    const mebibyte = Buffer.alloc(1024 * 1024);
    for (let left = inflatedBytes; left > 0; left -= mebibyte.length)
      compressor.write(left >= mebibyte.length ? mebibyte : mebibyte.subarray(0, left));
    compressor.end();
  });

export type BombServer = Readonly<{ url: string; requests: string[]; close(): Promise<void> }>;

/**
 * A loopback server that answers every request with `body`, declared as `encoding`-compressed JSON:
 * what a hostile or broken server behind the base URL could send. With `openSessions`, `GET /session`
 * gets a session as Apple would answer it, so the bomb goes off at the next endpoint.
 */
export const startBombServer = async (
  body: Buffer,
  encoding: 'gzip' | 'deflate' = 'gzip',
  options: { openSessions?: boolean } = {},
): Promise<BombServer> => {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    if (options.openSessions === true && req.url === '/session') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"auth_session_token":"session-1"}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding, 'Content-Length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
