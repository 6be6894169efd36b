import type { DeviceStatusDoc } from '../index';
import { deviceStatusProjection, documentAsRead, storedDocument } from '../index';

const assigned: DeviceStatusDoc = {
  serial: 'C02ABC123',
  tokenId: 'paris',
  status: 'not_contacted',
  statusSince: '2026-01-01T00:00:00.000Z',
  model: 'iPhone 15',
  description: 'IPHONE 15 GREEN 128GB-USA',
  os: 'iOS',
  family: 'iPhone',
  profile: { uuid: 'FF4F4C68ABDB8BE0E878A59B3F0E9765', profileId: 'corp', version: 1, appleStatus: 'assigned', pushedAt: null },
  assignment: {
    state: 'assigned',
    profileId: 'corp',
    profileVersion: 1,
    profileUuid: 'FF4F4C68ABDB8BE0E878A59B3F0E9765',
    since: '2026-01-01T00:00:01.000Z',
    retryAt: null,
  },
  assignedByRef: 'vault:admin-email:abc',
  assignedAt: '2026-01-01T00:00:00Z',
  enrolledAt: null,
  enrolledProfileUuid: null,
  releasedReason: null,
  isReplacementDevice: null,
  replaces: null,
  updatedAt: '2026-01-01T00:00:02.000Z',
};

const others: DeviceStatusDoc[] = [
  {
    ...assigned,
    status: 'enrolled',
    model: null,
    profile: { uuid: 'AAAA0000', profileId: null, version: null, appleStatus: 'pushed', pushedAt: '2026-01-02T00:00:00Z' },
    assignment: { ...assigned.assignment!, state: 'throttled', retryAt: '2026-01-03T00:00:00Z' },
    enrolledAt: '2026-01-02T00:00:00Z',
    enrolledProfileUuid: 'AAAA0000',
    isReplacementDevice: true,
    replaces: { serial: 'C02OLD0001', on: null },
  },
  { ...assigned, profile: { uuid: null, profileId: null, version: null, appleStatus: 'removed', pushedAt: null }, assignment: null },
  { ...assigned, profile: { ...assigned.profile, version: 2 } },
  { ...assigned, releasedReason: 'deleted_by_apple', isReplacementDevice: false },
];

const throughStore = (doc: DeviceStatusDoc): unknown =>
  documentAsRead(deviceStatusProjection, JSON.parse(JSON.stringify(storedDocument(deviceStatusProjection, doc))), doc.serial);

describe('device status documents as stored', () => {
  it('keeps a document without its serial, its nulls and the profile said twice, and reads it back whole, fields in order', () => {
    const stored = JSON.stringify(storedDocument(deviceStatusProjection, assigned));
    expect(stored).not.toContain('null');
    expect(stored).not.toContain(assigned.serial);
    expect(stored.split(assigned.profile.uuid!).length - 1).toBe(1);
    expect(stored.length).toBeLessThan(JSON.stringify(assigned).length * 0.7);
    for (const doc of [assigned, ...others]) expect(JSON.stringify(throughStore(doc))).toBe(JSON.stringify(doc));
  });

  it('reads a document stored whole (as written before) as it was', () => {
    for (const doc of [assigned, ...others])
      expect(JSON.stringify(documentAsRead(deviceStatusProjection, JSON.parse(JSON.stringify(doc)), doc.serial))).toBe(JSON.stringify(doc));
  });
});
