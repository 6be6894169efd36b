import {
  businessAccountStream,
  deviceAssignmentStream,
  deviceRemovalStream,
  deviceStream,
  legacyStreamPrefixes,
  migrationChangeStream,
  orgDeviceStream,
  profileStream,
  streamPrefixes,
  syncStream,
  tenantStream,
  tokenStream,
} from '../index';

describe('stream names', () => {
  it('are the prefix of the aggregate followed by its id, as docs/concepts.md names them', () => {
    expect(streamPrefixes).toEqual({
      token: 'dep-token-',
      profile: 'dep-profile-',
      device: 'dep-device-',
      sync: 'dep-sync-',
      businessAccount: 'dep-business-account-',
      orgDevice: 'dep-org-device-',
      deviceAssignment: 'dep-business-assignment-',
      deviceRemoval: 'dep-business-removal-',
      migrationChange: 'dep-business-migration-',
      tenant: 'dep-tenant-',
    });
    expect(tokenStream('paris')).toBe('dep-token-paris');
    expect(profileStream('corp')).toBe('dep-profile-corp');
    expect(deviceStream('C02XK1ABCD12')).toBe('dep-device-C02XK1ABCD12');
    expect(syncStream('paris')).toBe('dep-sync-paris');
    for (const [prefix, stream] of [
      [streamPrefixes.token, tokenStream('t')],
      [streamPrefixes.profile, profileStream('p')],
      [streamPrefixes.device, deviceStream('d')],
      [streamPrefixes.sync, syncStream('s')],
      [streamPrefixes.businessAccount, businessAccountStream('a')],
      [streamPrefixes.orgDevice, orgDeviceStream('o')],
      [streamPrefixes.deviceAssignment, deviceAssignmentStream('x')],
      [streamPrefixes.deviceRemoval, deviceRemovalStream('r')],
      [streamPrefixes.migrationChange, migrationChangeStream('m')],
      [streamPrefixes.tenant, tenantStream('acme')],
    ] as const)
      expect(stream.startsWith(prefix)).toBe(true);
  });

  it('all start with dep-, and no prefix selects another aggregate’s streams (old names included)', () => {
    const all = [...Object.values(streamPrefixes), ...Object.values(legacyStreamPrefixes)];
    for (const prefix of Object.values(streamPrefixes)) expect(prefix.startsWith('dep-')).toBe(true);
    for (const prefix of all) for (const other of all) if (other !== prefix) expect(other.startsWith(prefix)).toBe(false);
  });
});
