import { formatDate, formatFromNow } from './dates';
import { table } from './table';

describe('table', () => {
  it('aligns columns under their headers, accents counted as one character, no trailing spaces', () => {
    const rows = table(
      [
        { serial: 'C02XK1ABCD12', status: 'Non contacté' },
        { serial: 'F4H1', status: 'Inscrit' },
      ],
      [
        { header: 'SERIAL', value: (r) => r.serial },
        { header: 'STATUS', value: (r) => r.status },
      ],
    );
    expect(rows).toEqual(['SERIAL        STATUS', 'C02XK1ABCD12  Non contacté', 'F4H1          Inscrit']);
  });
});

describe('dates', () => {
  it('shows ISO dates in UTC to the minute, a dash for none', () => {
    expect(formatDate('2026-11-26T07:40:59.999Z')).toBe('2026-11-26 07:40 UTC');
    expect(formatDate(null)).toBe('-');
  });

  it('says roughly how far away a moment is', () => {
    const now = new Date('2026-11-26T07:00:00Z');
    expect(formatFromNow('2026-11-26T07:10:00Z', now)).toBe('in 10 min');
    expect(formatFromNow('2026-11-26T15:00:00Z', now)).toBe('in 8 h');
    expect(formatFromNow('2026-12-03T07:00:00Z', now)).toBe('in 7 days');
    expect(formatFromNow('2026-11-26T06:00:00Z', now)).toBe('now');
  });
});
