import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The demo's small MDM: the enrollment URL a device calls at first power-on. Each check-in is handed
 * to `onCheckIn` (which records it with `depledger enroll`); the device gets 200 once it is recorded.
 */
export type MdmListener = Readonly<{ enrollUrl: string; close(): Promise<void> }>;

export const startMdmListener = async (onCheckIn: (serial: string) => Promise<boolean>): Promise<MdmListener> => {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      let serial: unknown;
      try {
        serial = (JSON.parse(body) as { serial_number?: unknown }).serial_number;
      } catch {
        serial = undefined;
      }
      if (request.method !== 'POST' || typeof serial !== 'string') {
        response.writeHead(400).end();
        return;
      }
      onCheckIn(serial).then(
        (ok) => response.writeHead(ok ? 200 : 500).end(),
        () => response.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    enrollUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/enroll`,
    close: () => new Promise((done) => server.close(() => done())),
  };
};
