import { isGatewayError } from '@depledger/core';
import { createAppleGateway, isLoopbackUrl, trustsRefusalsFrom } from '../index';
import { startRecordedApple, testCredentials, type RecordedApple } from '../test-support/recorded-apple';

let apple: RecordedApple;
beforeEach(async () => {
  apple = await startRecordedApple();
});
afterEach(() => apple.close());

describe('whose refusal of a token counts', () => {
  it("Apple's own URL and this machine's simulator are trusted; any other URL is not", () => {
    expect(trustsRefusalsFrom('https://mdmenrollment.apple.com')).toBe(true);
    expect(trustsRefusalsFrom('https://mdmenrollment.apple.com/')).toBe(true);
    expect(trustsRefusalsFrom('http://127.0.0.1:8080')).toBe(true);
    expect(trustsRefusalsFrom('http://localhost:8080')).toBe(true);
    expect(trustsRefusalsFrom('http://[::1]:8080')).toBe(true);
    expect(trustsRefusalsFrom('https://mdmenrollment.apple.co')).toBe(false);
    expect(trustsRefusalsFrom('http://mdmenrollment.apple.com')).toBe(false);
    expect(trustsRefusalsFrom('https://proxy.example.com')).toBe(false);
    expect(trustsRefusalsFrom('https://127.0.0.1.example.com')).toBe(false);
    expect(isLoopbackUrl('http://127.0.0.1.example.com')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });

  it.each([
    ['token_rejected', 401],
    ['ACCESS_DENIED', 403],
    ['T_C_NOT_SIGNED', 403],
  ] as const)('%s (%i) from a URL not trusted for it is a bad_request that marks nothing', async (body, status) => {
    apple.route('GET /account', { status, body });
    const gateway = createAppleGateway({ baseUrl: apple.url, credentials: async () => testCredentials, trustRefusals: false });
    const error = await gateway.account('t1').catch((thrown: unknown) => thrown);
    expect(isGatewayError(error, 'bad_request')).toBe(true);
    expect(error).toMatchObject({
      httpStatus: status,
      message: expect.stringContaining(`came from ${apple.url}, which is not Apple's DEP service`),
    });
  });
});
