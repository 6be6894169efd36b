import { isDepledgerError, type ErrorCode } from '@depledger/core';
import { AppleError, appleErrorCodes, createAppleClient } from '../index';
import { startRecordedApple, testCredentials, type RecordedApple } from '../test-support/recorded-apple';

let apple: RecordedApple;
beforeAll(async () => {
  apple = await startRecordedApple();
});
afterAll(() => apple.close());

const client = () => createAppleClient({ baseUrl: apple.url, credentials: async () => testCredentials, discoverPageLimits: false });
const statusOf = (code: string) =>
  ['ACCESS_DENIED', 'T_C_NOT_SIGNED', 'signature_invalid', 'APPLE_SEED_FOR_IT_TURNED_OFF'].includes(code)
    ? 403
    : code === 'token_rejected'
      ? 401
      : 400;

describe("Apple's error codes", () => {
  const cases = appleErrorCodes
    .filter((code) => code !== 'FORBIDDEN' && code !== 'token_rejected')
    .flatMap((code) => [
      [code, 'bare', code],
      [code, 'JSON-quoted', JSON.stringify(code)],
      [code, 'with a trailing newline', `${code}\n`],
    ]);

  it.each(cases)('%s (%s) becomes a typed AppleError with its code', async (code, _form, body) => {
    apple.route('POST /devices/sync', { status: statusOf(code), body });
    const error = await client()
      .syncDevices('t1', { cursor: 'c' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppleError);
    expect(error).toMatchObject({ appleCode: code, httpStatus: statusOf(code), code: `APPLE_${code.toUpperCase()}` });
    expect(isDepledgerError(error, `APPLE_${code.toUpperCase()}` as ErrorCode)).toBe(true);
    expect((error as Error).message).toContain(code);
  });

  it.each([
    ['bare', 'FORBIDDEN'],
    ['JSON-quoted', '"FORBIDDEN"'],
  ])('FORBIDDEN (%s) that persists after a new session becomes a typed AppleError', async (_form, body) => {
    apple.route('POST /devices/sync', { status: 403, body });
    await expect(client().syncDevices('t1', { cursor: 'c' })).rejects.toMatchObject({ appleCode: 'FORBIDDEN', code: 'APPLE_FORBIDDEN' });
  });

  it.each([
    ['bare', 'token_rejected'],
    ['JSON-quoted', '"token_rejected"'],
    ['OAuth-problem style', 'oauth_problem=token_rejected'],
    ['inside JSON', '{"error":"token_rejected"}'],
  ])('token_rejected (%s) becomes a typed AppleError', async (_form, body) => {
    apple.route('POST /devices/sync', { status: 401, body });
    await expect(client().syncDevices('t1', { cursor: 'c' })).rejects.toMatchObject({
      appleCode: 'token_rejected',
      code: 'APPLE_TOKEN_REJECTED',
    });
  });

  it('keeps an unknown code in appleCode under APPLE_UNKNOWN_CODE, and the status under APPLE_HTTP_ERROR when there is no code', async () => {
    apple.route('POST /devices/sync', { status: 400, body: 'SOMETHING_NEW' });
    await expect(client().syncDevices('t1', { cursor: 'c' })).rejects.toMatchObject({
      appleCode: 'SOMETHING_NEW',
      httpStatus: 400,
      code: 'APPLE_UNKNOWN_CODE',
      details: { appleCode: 'SOMETHING_NEW', httpStatus: 400 },
    });
    apple.route('POST /devices/sync', { status: 400, body: '<html><body>Bad Request</body></html>' });
    await expect(client().syncDevices('t1', { cursor: 'c' })).rejects.toMatchObject({
      appleCode: null,
      httpStatus: 400,
      code: 'APPLE_HTTP_ERROR',
      details: { httpStatus: 400 },
    });
  });
});
