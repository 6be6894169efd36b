import type { DeviceRecord } from '../ports/dep-gateway';

const time = (date: string | null): number => (date === null ? Number.NEGATIVE_INFINITY : Date.parse(date));

/**
 * One record per serial: Apple may report a device several times in one page (added, then
 * modified, ...). The latest `op_date` wins; between equal dates, the later record in the page wins.
 * The first-seen order of serials is kept.
 */
export const latestRecordPerSerial = (records: readonly DeviceRecord[]): DeviceRecord[] => {
  const bySerial = new Map<string, DeviceRecord>();
  for (const record of records) {
    const kept = bySerial.get(record.serial);
    if (!kept || time(record.operationDate) >= time(kept.operationDate)) bySerial.set(record.serial, record);
  }
  return [...bySerial.values()];
};
