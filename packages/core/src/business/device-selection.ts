import { RuleViolation } from '../errors/rule-violation';
import { ValidationError } from '../errors/validation-error';
import type { OrgDeviceRecord } from './business-gateway';

/** Which devices an administrator names: exactly one of serial numbers, an order number or a CSV file (first column). */
export type DeviceSelectionInput = Readonly<{ serials?: readonly string[]; orderNumber?: string; csv?: string }>;
export type DeviceSelection = Readonly<{
  serials: string[];
  selection: { kind: 'serials' | 'order' | 'csv'; orderNumber: string | null };
}>;

const serialShape = /^[A-Z0-9]{8,20}$/;

const serialsFromCsv = (csv: string): string[] =>
  csv
    .split(/\r?\n/)
    .map((line) =>
      (line.split(/[,;\t]/)[0] ?? '')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim()
        .toUpperCase(),
    )
    .filter((value) => serialShape.test(value));

/** Refuses a selection that is not exactly one of serials, order number or CSV, before anything is asked of Apple. */
export const checkSelectionShape = (input: DeviceSelectionInput, what: string): void => {
  const given = [input.serials !== undefined, input.orderNumber !== undefined, input.csv !== undefined].filter(Boolean).length;
  if (given !== 1)
    throw new ValidationError(
      what,
      [{ path: 'selection', message: 'give exactly one of serials, an order number or a CSV file' }],
      'BUSINESS_SELECTION_INVALID',
    );
};

/**
 * The serials a selection names among the organisation's devices (released ones excluded). An
 * order with no device, malformed serials and serials not in the organisation are refused.
 */
export const selectOrgDevices = (input: DeviceSelectionInput, devices: readonly OrgDeviceRecord[], what: string): DeviceSelection => {
  checkSelectionShape(input, what);
  const inOrg = new Map(devices.filter((device) => device.releasedAt === null).map((device) => [device.serial, device]));
  const selection = {
    kind: input.orderNumber !== undefined ? ('order' as const) : input.csv !== undefined ? ('csv' as const) : ('serials' as const),
    orderNumber: input.orderNumber ?? null,
  };
  if (input.orderNumber !== undefined) {
    const serials = [...inOrg.values()].filter((device) => device.facts.orderNumber === input.orderNumber).map((device) => device.serial);
    if (serials.length === 0)
      throw new RuleViolation(
        'BUSINESS_ORDER_UNKNOWN',
        `No device of the organisation belongs to order ${input.orderNumber}: check the order number (business devices --order …).`,
        { orderNumber: input.orderNumber },
      );
    return { serials, selection };
  }
  const serials = [
    ...new Set(input.serials !== undefined ? input.serials.map((serial) => serial.trim().toUpperCase()) : serialsFromCsv(input.csv ?? '')),
  ];
  if (serials.length === 0)
    throw new ValidationError(
      what,
      [{ path: input.csv !== undefined ? 'csv' : 'serials', message: 'names no serial number' }],
      'BUSINESS_SELECTION_INVALID',
    );
  const malformed = serials.filter((serial) => !serialShape.test(serial));
  if (malformed.length > 0)
    throw new ValidationError(
      what,
      [{ path: 'serials', message: `not serial numbers: ${malformed.slice(0, 10).join(', ')}` }],
      'BUSINESS_SELECTION_INVALID',
    );
  const unknown = serials.filter((serial) => !inOrg.has(serial));
  if (unknown.length > 0) {
    throw new ValidationError(
      what,
      [
        {
          path: 'serials',
          message: `not in the organisation: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}`,
        },
      ],
      'BUSINESS_SERIALS_UNKNOWN',
    );
  }
  return { serials, selection };
};
