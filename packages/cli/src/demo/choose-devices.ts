import type { PortalDevice } from './demo-simulator';

/** Which devices the demo assigns at the portal, and how: a few by serial, one order, a few from a CSV file. */
export type DeviceChoice = Readonly<{ bySerial: string[]; order: string; orderSize: number; byCsv: string[] }>;

export const chooseDevices = (inventory: readonly PortalDevice[]): DeviceChoice => {
  const sizes = new Map<string, number>();
  for (const d of inventory) sizes.set(d.order_number, (sizes.get(d.order_number) ?? 0) + 1);
  // The smallest order, so that the fleet stays readable on one screen.
  const [order, orderSize] = [...sizes.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0] ?? ['', 0];
  const others = inventory.filter((d) => d.order_number !== order).map((d) => d.serial_number);
  if (others.length < 6)
    throw new Error('the demo needs at least six devices outside the smallest order: start the simulator with more devices');
  return { bySerial: others.slice(0, 3), order, orderSize, byCsv: others.slice(3, 6) };
};
