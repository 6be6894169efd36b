import fc from 'fast-check';
import { devicePageSchema } from './device';
import { readDevicePage } from './device-page-reader';

const fieldNames = [
  'model',
  'description',
  'color',
  'asset_tag',
  'profile_status',
  'profile_uuid',
  'profile_assign_time',
  'profile_push_time',
  'device_assigned_date',
  'device_assigned_by',
  'os',
  'device_family',
  'mdm_migration_deadline',
  'is_replacement_device',
  'released_by_replacement',
  'imei',
  'meid',
  'eid',
  'wifi_mac_address',
  'bluetooth_mac_address',
  'ethernet_mac_address',
  'op_type',
  'op_date',
  'something_apple_added',
] as const;

/** What Apple (or a broken proxy) might put in any field: text, dates in every shape seen, other JSON. */
const anyValue = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '2026-12-07T03:04:05Z',
    '2026-12-07T03:04:05.123+01:00',
    '2026-02-28',
    'Mon, 07 Dec 2026 03:04:05 GMT',
    '0001-01-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '',
    'added',
    'modified',
  ),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 }),
);

const device = fc.record(
  {
    serial_number: fc.oneof({ weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) }, { weight: 1, arbitrary: anyValue }),
    ...Object.fromEntries(fieldNames.map((name) => [name, anyValue])),
  },
  { requiredKeys: [] },
);

const page = fc.record(
  {
    devices: fc.oneof(
      { weight: 8, arbitrary: fc.array(fc.oneof({ weight: 20, arbitrary: device }, { weight: 1, arbitrary: anyValue }), { maxLength: 4 }) },
      { weight: 1, arbitrary: anyValue },
    ),
    cursor: fc.oneof({ weight: 8, arbitrary: fc.string() }, { weight: 1, arbitrary: anyValue }),
    fetched_until: anyValue,
    more_to_follow: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: anyValue }),
  },
  { requiredKeys: [] },
);

describe('readDevicePage (the fast reader of fetch and sync answers)', () => {
  it('reads every page exactly as devicePageSchema does, and declines exactly what the schema refuses', () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 20, arbitrary: page }, { weight: 1, arbitrary: anyValue }), (body) => {
        const fast = readDevicePage(body);
        const parsed = devicePageSchema.safeParse(body);
        if (fast === undefined) expect(parsed.success).toBe(false);
        else {
          expect(parsed.success).toBe(true);
          expect(fast).toStrictEqual(parsed.data);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a page of Apple’s shape with nothing left out', () => {
    const body = {
      devices: [
        { serial_number: 'C02X', model: 'iPad', op_type: 'added', op_date: '2026-02-28', imei: ['1', 2], is_replacement_device: true },
      ],
      cursor: 'c1',
      fetched_until: '2026-12-07T03:04:05Z',
      more_to_follow: true,
    };
    expect(readDevicePage(body)).toStrictEqual(devicePageSchema.parse(body));
    expect(readDevicePage(body)?.devices[0]).toMatchObject({ op_date: '2026-02-28T00:00:00.000Z', imei: ['1'], color: null });
  });
});
