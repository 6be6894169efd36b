import { isDepledgerError } from '@depledger/core';
import { createAppleClient, type AppleClientOptions } from '../index';
import { startRecordedApple, testCredentials, type RecordedApple } from '../test-support/recorded-apple';

const page = { body: { devices: [], cursor: 'c1', fetched_until: '2026-11-26T06:00:00Z', more_to_follow: false } };

let apple: RecordedApple;
let waits: number[];
beforeEach(async () => {
  apple = await startRecordedApple();
  waits = [];
});
afterEach(() => apple.close());

/** Waits for something the server reaches on its own; jest's timeout is the only limit. */
const until = async (reached: () => boolean): Promise<void> => {
  while (!reached()) await new Promise((resolve) => setTimeout(resolve, 5));
};

const clientFor = (options: Partial<AppleClientOptions> = {}) =>
  createAppleClient({
    baseUrl: apple.url,
    credentials: async () => testCredentials,
    discoverPageLimits: false,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });

describe('retries', () => {
  it('retries 5xx with backoff and jitter, and succeeds', async () => {
    apple.route('POST /server/devices', [{ status: 500 }, { status: 502 }, { status: 503 }, page]);
    const result = await clientFor().fetchDevices('t1');
    expect(result.cursor).toBe('c1');
    expect(apple.seen('POST /server/devices')).toHaveLength(4);
    // base 500 ms doubling, half fixed + half random (0.5 here)
    expect(waits).toEqual([375, 750, 1500]);
  });

  it('spreads the backoff with jitter', async () => {
    apple.route('POST /server/devices', [{ status: 500 }, page]);
    await clientFor({ random: () => 0 }).fetchDevices('t1');
    apple.route('POST /server/devices', [{ status: 500 }, page]);
    await clientFor({ random: () => 0.999 }).fetchDevices('t2');
    expect(waits).toEqual([250, 500]);
  });

  it('honours Retry-After, in seconds or as an HTTP date', async () => {
    const now = Date.parse('2026-11-26T06:00:00Z');
    apple.route('POST /server/devices', [
      { status: 503, headers: { 'Retry-After': '7' } },
      { status: 503, headers: { 'Retry-After': 'Thu, 26 Nov 2026 06:00:12 GMT' } },
      page,
    ]);
    await clientFor({ now: () => now }).fetchDevices('t1');
    expect(waits).toEqual([7000, 12000]);
  });

  it('treats 429 Too Many Requests like a 503: waits as Retry-After says, then retries', async () => {
    apple.route('POST /server/devices', [{ status: 429, headers: { 'Retry-After': '3' } }, { status: 429 }, page]);
    const result = await clientFor().fetchDevices('t1');
    expect(result.cursor).toBe('c1');
    expect(apple.seen('POST /server/devices')).toHaveLength(3);
    expect(waits).toEqual([3000, 750]);

    apple.route('POST /server/devices', { status: 429 });
    const error = await clientFor({ retry: { maxAttempts: 2 } })
      .fetchDevices('t2')
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/HTTP 429/);
  });

  it('gives up after maxAttempts with a typed error that says Apple is unavailable', async () => {
    apple.route('POST /server/devices', { status: 500, body: 'oops' });
    const error = await clientFor({ retry: { maxAttempts: 3 } })
      .fetchDevices('t1')
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/unavailable \(HTTP 500\) after 3 attempt/);
    expect(apple.seen('POST /server/devices')).toHaveLength(3);
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs', async () => {
    apple.route('POST /server/devices', { status: 503, headers: { 'Retry-After': '3600' } });
    const error = await clientFor()
      .fetchDevices('t1')
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_UNAVAILABLE')).toBe(true);
    expect(error).toMatchObject({ retryAfterSeconds: 3600 });
    expect(apple.seen('POST /server/devices')).toHaveLength(1);
  });

  it('retries network failures (connection reset, attempt timeout)', async () => {
    apple.route('POST /server/devices', [{ hangUp: true }, { delayMs: 3000 }, page]);
    const result = await clientFor({ attemptTimeoutMs: 500 }).fetchDevices('t1');
    expect(result.cursor).toBe('c1');
    expect(apple.seen('POST /server/devices')).toHaveLength(3);
  });

  it('fails as unavailable when nothing listens', async () => {
    const client = clientFor({ baseUrl: 'http://127.0.0.1:9', retry: { maxAttempts: 2 } });
    const error = await client.fetchDevices('t1').catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/network error/);
  });

  it.each([400, 403, 404])('never retries a %s', async (status) => {
    apple.route('POST /server/devices', { status, body: 'INVALID_CURSOR' });
    await expect(clientFor().fetchDevices('t1', { cursor: 'x' })).rejects.toMatchObject({ httpStatus: status });
    expect(apple.seen('POST /server/devices')).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe('abort', () => {
  it('stops a request in flight when the signal fires: the connection is closed, Apple never answered', async () => {
    // Apple holds the request and never answers: only the signal can end the call.
    apple.route('POST /server/devices', { hold: true });
    const controller = new AbortController();
    const fetching = clientFor()
      .fetchDevices('t1', {}, controller.signal)
      .catch((e: unknown) => e);
    await until(() => apple.seen('POST /server/devices').length === 1);
    controller.abort();
    const error = await fetching;
    expect(isDepledgerError(error, 'APPLE_ABORTED')).toBe(true);
    // The server saw the client close the connection of the request it was holding, and no retry came.
    await until(() => apple.abandoned.length === 1);
    expect(apple.abandoned.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /server/devices']);
    expect(apple.seen('POST /server/devices')).toHaveLength(1);
  });

  it('stops waiting between retries when the signal fires', async () => {
    apple.route('POST /server/devices', { status: 503, headers: { 'Retry-After': '30' } });
    const controller = new AbortController();
    const client = createAppleClient({ baseUrl: apple.url, credentials: async () => testCredentials, discoverPageLimits: false });
    setTimeout(() => controller.abort(), 100);
    const error = await client.fetchDevices('t1', {}, controller.signal).catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_ABORTED')).toBe(true);
  });

  it('sends nothing when the signal has already fired', async () => {
    const error = await clientFor()
      .fetchDevices('t1', {}, AbortSignal.abort())
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_ABORTED')).toBe(true);
    expect(apple.requests).toHaveLength(0);
  });
});
