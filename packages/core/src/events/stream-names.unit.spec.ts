import { deviceStream, profileStream, streamPrefixes, syncStream, tokenStream } from '../index';

describe('stream names', () => {
  it('are the prefix of the aggregate followed by its id, as docs/concepts.md names them', () => {
    expect(streamPrefixes).toEqual({ token: 'dep-token-', profile: 'dep-profile-', device: 'dep-device-', sync: 'dep-sync-' });
    expect(tokenStream('paris')).toBe('dep-token-paris');
    expect(profileStream('corp')).toBe('dep-profile-corp');
    expect(deviceStream('C02XK1ABCD12')).toBe('dep-device-C02XK1ABCD12');
    expect(syncStream('paris')).toBe('dep-sync-paris');
    for (const [prefix, stream] of [
      [streamPrefixes.token, tokenStream('t')],
      [streamPrefixes.profile, profileStream('p')],
      [streamPrefixes.device, deviceStream('d')],
      [streamPrefixes.sync, syncStream('s')],
    ] as const)
      expect(stream.startsWith(prefix)).toBe(true);
  });
});
