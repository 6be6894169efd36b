import { esdbEventId } from './event-id';

describe('esdbEventId', () => {
  it('keeps a UUID, lower-cased', () => {
    expect(esdbEventId('634B68FB-C5F0-4A34-BE55-07D36628B918')).toBe('634b68fb-c5f0-4a34-be55-07d36628b918');
  });

  it('derives a version-5-layout UUID from any other id, the same every time', () => {
    const id = esdbEventId('sync-run-42/page-3/C02XK1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(esdbEventId('sync-run-42/page-3/C02XK1')).toBe(id);
    expect(esdbEventId('sync-run-42/page-3/C02XK2')).not.toBe(id);
  });

  it('does not confuse an id that merely looks like a UUID in another case with a different id', () => {
    expect(esdbEventId('not-a-uuid')).not.toBe(esdbEventId('Not-a-uuid'));
  });
});
