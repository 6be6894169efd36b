import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { json } from '../test-support/cli-process';
import { simulatedCli } from '../test-support/simulated-token';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** A loopback server that answers everything with one fixed reply: not Apple, whatever it claims. */
const startImpostor = async (
  reply: (res: import('node:http').ServerResponse) => void,
): Promise<{ url: string; close(): Promise<void> }> => {
  const server: Server = createServer((req, res) => {
    req.resume();
    reply(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

describe('an --apple-url that answers like no Apple would', () => {
  const e2e = simulatedCli('hostile', { seed: 17, token: { id: 'paris', devices: 3 } });
  const { cli } = e2e;

  it('a small gzip answer that inflates to 64 MiB is dropped at the limit: one line, the token untouched', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const impostor = await startImpostor((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(bomb);
    });
    try {
      const r = await cli('token', 'verify', '--token', 'paris', '--apple-url', impostor.url);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        'Apple could not confirm the account (GATEWAY_BAD_REQUEST): GET /session: the answer is larger than 1048576 bytes',
      );
    } finally {
      await impostor.close();
    }
    expect(json<{ tokenId: string; health: string }[]>(await cli('tokens', '--json')).find((t) => t.tokenId === 'paris')?.health).not.toBe(
      'rejected',
    );
    expect((await cli('token', 'verify', '--token', 'paris', '--apple-url', e2e.url)).code).toBe(0);
  });

  it('--apple-url is https, or http only to this machine: the secrets never cross the network in clear', async () => {
    for (const bad of [
      'http://192.0.2.10:8080',
      'http://mdmenrollment.apple.com',
      'ftp://127.0.0.1',
      'https://user:pw@mdmenrollment.apple.com',
      'not a url',
    ]) {
      const r = await cli('token', 'verify', '--token', 'paris', '--apple-url', bad);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^error INVALID_INPUT: --apple-url /);
      expect(r.stderr).not.toContain('pw@');
    }
    expect((await cli('token', 'verify', '--token', 'paris', '--apple-url', e2e.url.replace('127.0.0.1', 'localhost'))).code).toBe(0);
  });
});
