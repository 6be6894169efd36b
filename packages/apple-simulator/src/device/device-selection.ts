import type { Organisation } from '../state/organisation';

/** How the portal picks devices: by serials, by order number, or from CSV text of serials. */
export interface DeviceSelection {
  serials?: readonly string[];
  orderNumber?: string;
  /** One serial per line (first column); a header line or blank lines are skipped. */
  csv?: string;
}

const serialShape = /^[A-Z0-9]{8,20}$/;

/** Serials named in CSV text: the first column of each line, unquoted, upper-cased. */
export function serialsFromCsv(csv: string): string[] {
  const serials: string[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const first = (line.trim().split(/[,;\t]/)[0] ?? '')
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
      .toUpperCase();
    if (serialShape.test(first)) serials.push(first);
  }
  return serials;
}

/** Resolves a selection to serials, in order and without duplicates. */
export function selectSerials(org: Organisation, selection: DeviceSelection): string[] {
  const chosen = new Set<string>(selection.serials ?? []);
  if (selection.csv !== undefined) for (const serial of serialsFromCsv(selection.csv)) chosen.add(serial);
  if (selection.orderNumber !== undefined) {
    for (const device of org.devices.values())
      if (device.orderNumber === selection.orderNumber && !device.disowned) chosen.add(device.serial);
  }
  return Array.from(chosen);
}
