import { isDepledgerError } from '@depledger/core';
import { createAppleClient, createAppleGateway } from '../index';
import { compressedZeros, startBombServer, type BombServer } from '../test-support/compressed-bomb';
import { testCredentials } from '../test-support/recorded-apple';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const mebibyte = 1024 * 1024;

describe('answers larger than an endpoint allows', () => {
  let server: BombServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a 256 KiB gzip body that inflates to 256 MiB is dropped at the limit: a typed error, not retried, no memory spent', async () => {
    server = await startBombServer(await compressedZeros(256 * mebibyte, 'gzip'));
    const client = createAppleClient({
      baseUrl: server.url,
      credentials: async () => testCredentials,
      retry: { maxAttempts: 4 },
      sleep: async () => undefined,
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const error = await client.openSession('t1').catch((thrown: unknown) => thrown);
    const grown = process.memoryUsage().rss - before;
    expect(isDepledgerError(error, 'APPLE_RESPONSE_TOO_LARGE')).toBe(true);
    expect(error).toMatchObject({ limitBytes: mebibyte, details: { endpoint: 'GET /session', limitBytes: mebibyte } });
    expect(server.requests).toEqual(['GET /session']);
    // Reading it whole would take at least the 256 MiB inflated (twice, as text).
    expect(grown).toBeLessThan(128 * mebibyte);
  });

  it('deflate too; the limit can be set per path', async () => {
    server = await startBombServer(await compressedZeros(32 * mebibyte, 'deflate'), 'deflate');
    const client = createAppleClient({
      baseUrl: server.url,
      credentials: async () => testCredentials,
      discoverPageLimits: false,
      maxResponseBytes: { '/session': 64 * mebibyte },
    });
    // /session now allows 64 MiB: the 32 MiB answer is read whole, and is no session.
    expect(await client.openSession('t1').catch((thrown: unknown) => thrown)).toMatchObject({ code: 'APPLE_UNEXPECTED_RESPONSE' });
    const byDefault = createAppleClient({ baseUrl: server.url, credentials: async () => testCredentials, sleep: async () => undefined });
    expect(await byDefault.openSession('t1').catch((thrown: unknown) => thrown)).toMatchObject({
      code: 'APPLE_RESPONSE_TOO_LARGE',
      limitBytes: mebibyte,
    });
  });

  it('through the gateway, a device page past its 16 MiB fails the call as bad_request, asked once', async () => {
    server = await startBombServer(await compressedZeros(17 * mebibyte, 'gzip'), 'gzip', { openSessions: true });
    const gateway = createAppleGateway({
      baseUrl: server.url,
      credentials: async () => testCredentials,
      discoverPageLimits: false,
      sleep: async () => undefined,
    });
    const error = await gateway.fetchDevices({ tokenId: 't1', limit: 100 }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      failure: 'bad_request',
      message: expect.stringContaining('POST /server/devices: the answer is larger than 16777216 bytes'),
    });
    expect(server.requests).toEqual(['GET /session', 'POST /server/devices']);
  });
});
