import { createAppleClient, type AppleClientEvent } from './index';
import { startRecordedApple, testCredentials, type RecordedApple } from './test-support/recorded-apple';

let apple: RecordedApple;
beforeEach(async () => {
  apple = await startRecordedApple();
});
afterEach(() => apple.close());

const page = { body: { devices: [], cursor: 'c1', fetched_until: null, more_to_follow: false } };

describe('observe', () => {
  it('reports sessions opened, refused and rotated, and retries — never a secret or a session value', async () => {
    const events: AppleClientEvent[] = [];
    apple.route('POST /server/devices', [
      { status: 503, headers: { 'Retry-After': '2' } },
      { ...page, headers: { 'X-ADM-Auth-Session': 'rotated-session' } },
      { status: 401 },
      page,
    ]);
    const client = createAppleClient({
      baseUrl: apple.url,
      credentials: async () => testCredentials,
      discoverPageLimits: false,
      sleep: async () => {},
      observe: (event) => events.push(event),
    });
    await client.fetchDevices('acme');
    await client.fetchDevices('acme');
    expect(events).toEqual([
      { type: 'session-opened', tokenId: 'acme' },
      { type: 'retry', endpoint: 'POST /server/devices', attempt: 1, delayMs: 2000, reason: 'HTTP 503', httpStatus: 503 },
      { type: 'session-rotated', tokenId: 'acme' },
      { type: 'session-refused', tokenId: 'acme', endpoint: 'POST /server/devices', httpStatus: 401 },
      { type: 'session-opened', tokenId: 'acme' },
    ]);
    const logged = JSON.stringify(events);
    for (const secret of [...Object.values(testCredentials), 'session-1', 'session-2', 'rotated-session'])
      expect(logged).not.toContain(secret);
  });

  it('is never broken by a failing observer', async () => {
    apple.route('POST /server/devices', page);
    const client = createAppleClient({
      baseUrl: apple.url,
      credentials: async () => testCredentials,
      discoverPageLimits: false,
      observe: () => {
        throw new Error('observer bug');
      },
    });
    await expect(client.fetchDevices('acme')).resolves.toMatchObject({ cursor: 'c1' });
  });
});
