import type { DeviceRecord } from '../ports/dep-gateway';
import { serial as serialSchema } from '../serde/schemas';

const time = (date: string | null): number => (date === null ? Number.NEGATIVE_INFINITY : Date.parse(date));

/**
 * One record per serial: Apple may report a device several times in one page (added, then
 * modified, ...). The latest `op_date` wins; between equal dates, the later record in the page wins.
 * The first-seen order of serials is kept.
 *
 * Serials are trimmed and upper-cased (as Apple writes them). A record whose serial is still not a
 * serial number names no device depledger could address: it is left out (the page's `received`
 * count still includes it), rather than stored against its schema or refusing the whole page, which
 * would stop every later sync on that page.
 */
export const latestRecordPerSerial = (records: readonly DeviceRecord[]): DeviceRecord[] => {
  const bySerial = new Map<string, DeviceRecord>();
  for (const raw of records) {
    const serial = typeof raw.serial === 'string' ? raw.serial.trim().toUpperCase() : '';
    if (!serialSchema.safeParse(serial).success) continue;
    const record = serial === raw.serial ? raw : { ...raw, serial };
    const kept = bySerial.get(serial);
    if (!kept || time(record.operationDate) >= time(kept.operationDate)) bySerial.set(serial, record);
  }
  return [...bySerial.values()];
};
