import { createSeededRandom, type SeededRandom } from '../seeded-random';
import { deviceCatalog, type CatalogModel } from './device-catalog';
import type { DeviceInput } from './device-record';

/** Apple serials avoid the letters O and I; twelve characters in current products. */
const serialAlphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Plausible three-character manufacturing prefixes. */
const serialPrefixes = ['C02', 'F4H', 'DMP', 'G6T', 'FVF', 'H4R', 'DLX', 'GG7', 'C07', 'F9F'];
const hexDigits = '0123456789ABCDEF';

export interface SeedPlan {
  count: number;
  seed: number;
  /** depsim-style serials (18 hex characters, e.g. `07AAD449616F566C12`) instead of Apple's 12. */
  depsimSerials?: boolean;
  /** Serials already taken; the seeder never reuses them. */
  taken: (serial: string) => boolean;
}

function appleSerial(random: SeededRandom): string {
  let serial = random.pick(serialPrefixes);
  for (let i = 0; i < 9; i++) serial += serialAlphabet[random.int(serialAlphabet.length)];
  return serial;
}

function depsimSerial(random: SeededRandom): string {
  let serial = '';
  for (let i = 0; i < 18; i++) serial += hexDigits[random.int(16)];
  return serial;
}

function weightedPicker(random: SeededRandom): () => CatalogModel {
  const total = deviceCatalog.reduce((sum, m) => sum + m.weight, 0);
  return () => {
    let roll = random.int(total);
    for (const model of deviceCatalog) {
      roll -= model.weight;
      if (roll < 0) return model;
    }
    return deviceCatalog[0] as CatalogModel;
  };
}

/**
 * Plans `count` devices deterministically from `seed`: serials, models, colours, descriptions, OS
 * and family, grouped into orders of 1–50 devices with Apple-like order numbers.
 */
export function planInventory(plan: SeedPlan): DeviceInput[] {
  const random = createSeededRandom(plan.seed);
  const pickModel = weightedPicker(random);
  const devices: DeviceInput[] = [];
  const chosen = new Set<string>();
  let orderNumber = '';
  let leftInOrder = 0;
  while (devices.length < plan.count) {
    const serial = plan.depsimSerials === true ? depsimSerial(random) : appleSerial(random);
    if (chosen.has(serial) || plan.taken(serial)) continue;
    chosen.add(serial);
    if (leftInOrder === 0) {
      orderNumber = `W${String(100000000 + random.int(900000000))}`;
      leftInOrder = 1 + random.int(50);
    }
    leftInOrder--;
    const model = pickModel();
    const color = random.pick(model.colors);
    devices.push({
      serial,
      model: model.model,
      description: model.describe(color),
      color,
      os: model.os,
      family: model.family,
      orderNumber,
    });
  }
  return devices;
}
