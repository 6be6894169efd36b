import { compactMetadata, expandMetadata, type EventMetadata } from '../index';

const metadata = (extra: Partial<EventMetadata> = {}): EventMetadata => ({
  eventId: 'e1',
  occurredAt: '2026-01-01T00:00:00.000Z',
  actor: 'system:sync',
  correlationId: 'run-1',
  causationId: null,
  tokenId: 'paris',
  ...extra,
});

const roundTrip = (m: EventMetadata, data: unknown): string => {
  const compact = compactMetadata(m, data);
  if (compact === null) throw new Error('not compacted');
  return JSON.stringify(expandMetadata(JSON.parse(JSON.stringify(compact)) as unknown[], data));
};

describe('compact metadata', () => {
  it('leaves out a null causation and the run and token ids the data already carries', () => {
    const data = { serial: 'C1', tokenId: 'paris', runId: 'run-1' };
    expect(compactMetadata(metadata(), data)).toEqual(['e1', '2026-01-01T00:00:00.000Z', 'system:sync']);
    expect(roundTrip(metadata(), data)).toBe(JSON.stringify(metadata()));
  });

  it('keeps what the data does not say, and the other fields in their order', () => {
    const data = { serial: 'C1' };
    const cases = [
      metadata(),
      metadata({ tokenId: null }),
      metadata({ causationId: 'e0' }),
      metadata({ requestedBy: 'admin:ana', tenantId: 'acme' }),
      { ...metadata(), tenantId: 'acme', requestedBy: 'admin:ana' },
    ];
    for (const m of cases) expect(roundTrip(m, data)).toBe(JSON.stringify(m));
    // a token said by the data but another one in the metadata, and null against the data's token
    expect(roundTrip(metadata({ tokenId: 'lyon' }), { tokenId: 'paris' })).toBe(JSON.stringify(metadata({ tokenId: 'lyon' })));
    expect(roundTrip(metadata({ tokenId: null }), { tokenId: 'paris' })).toBe(JSON.stringify(metadata({ tokenId: null })));
    expect(roundTrip(metadata(), { runId: 'run-2' })).toBe(JSON.stringify(metadata()));
    // times are kept as text, whatever their form, and read back as they were
    for (const occurredAt of ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00.000+01:00', '2026-02-30T00:00:00.000Z', 'yesterday']) {
      expect(compactMetadata(metadata({ occurredAt }), data)?.[1]).toBe(occurredAt);
      expect(roundTrip(metadata({ occurredAt }), data)).toBe(JSON.stringify(metadata({ occurredAt })));
    }
  });

  it('reads a time stored as milliseconds (an earlier short form) as its toISOString() text', () => {
    const data = { serial: 'C1', tokenId: 'paris', runId: 'run-1' };
    expect(expandMetadata(['e1', Date.UTC(2026, 0, 1), 'system:sync'], data)).toEqual(metadata());
  });

  it('does not compact metadata of another shape (stored as given)', () => {
    const reordered = { occurredAt: 'x', eventId: 'e1', actor: 'a', correlationId: 'c', causationId: null, tokenId: null };
    expect(compactMetadata(reordered as EventMetadata, {})).toBeNull();
    expect(compactMetadata({ eventId: 'bare' } as unknown as EventMetadata, {})).toBeNull();
    expect(compactMetadata(metadata({ causationId: 7 as unknown as string }), {})).toBeNull();
  });
});
