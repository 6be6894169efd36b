import { serialsFromCsv } from './device-selection';

describe('serials from CSV', () => {
  it('takes the first column, unquotes, upper-cases, and skips headers and blank lines', () => {
    const csv = 'Serial Number;Order\r\n"c02abc123def";W1\r\n\r\nF4H000000001,W2\nnot a serial!,W3\n\tDMP111111111\n';
    expect(serialsFromCsv(csv)).toEqual(['C02ABC123DEF', 'F4H000000001', 'DMP111111111']);
  });
});
