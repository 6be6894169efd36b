import type { DeviceFamily, DeviceOs } from './device-record';

/** A product line the seeder draws from: how Apple names it, its colours and its description. */
export interface CatalogModel {
  readonly model: string;
  readonly os: DeviceOs;
  readonly family: DeviceFamily;
  readonly colors: readonly string[];
  /** Builds Apple's order-line description from a colour. */
  readonly describe: (color: string) => string;
  /** How often it is drawn relative to the others. */
  readonly weight: number;
}

export const deviceCatalog: readonly CatalogModel[] = [
  {
    model: 'MacBook Pro',
    os: 'OSX',
    family: 'Mac',
    colors: ['SPACE BLACK', 'SILVER'],
    describe: (c) => `MBP 14.2 ${c}/M3 PRO/18GB/512GB-USA`,
    weight: 5,
  },
  {
    model: 'MacBook Air',
    os: 'OSX',
    family: 'Mac',
    colors: ['MIDNIGHT', 'STARLIGHT', 'SPACE GRAY', 'SILVER'],
    describe: (c) => `MBA 13.6 ${c}/M2/8GB/256GB-USA`,
    weight: 6,
  },
  {
    model: 'iMac',
    os: 'OSX',
    family: 'Mac',
    colors: ['BLUE', 'GREEN', 'SILVER'],
    describe: (c) => `IMAC 24 ${c}/M3/8GB/256GB-USA`,
    weight: 1,
  },
  { model: 'Mac mini', os: 'OSX', family: 'Mac', colors: ['SILVER'], describe: (c) => `MAC MINI ${c}/M2/8GB/256GB-USA`, weight: 1 },
  {
    model: 'iPhone 15',
    os: 'iOS',
    family: 'iPhone',
    colors: ['BLACK', 'BLUE', 'GREEN', 'YELLOW', 'PINK'],
    describe: (c) => `IPHONE 15 ${c} 128GB-USA`,
    weight: 6,
  },
  {
    model: 'iPhone 15 Pro',
    os: 'iOS',
    family: 'iPhone',
    colors: ['NATURAL TITANIUM', 'BLUE TITANIUM', 'WHITE TITANIUM', 'BLACK TITANIUM'],
    describe: (c) => `IPHONE 15 PRO ${c} 256GB-USA`,
    weight: 3,
  },
  {
    model: 'iPad Air',
    os: 'iPadOS',
    family: 'iPad',
    colors: ['SPACE GRAY', 'STARLIGHT', 'PURPLE', 'BLUE'],
    describe: (c) => `IPAD AIR WI-FI 64GB ${c}-USA`,
    weight: 4,
  },
  {
    model: 'iPad',
    os: 'iPadOS',
    family: 'iPad',
    colors: ['SILVER', 'BLUE', 'PINK', 'YELLOW'],
    describe: (c) => `IPAD WI-FI 64GB ${c}-USA`,
    weight: 4,
  },
  { model: 'Apple TV 4K', os: 'tvOS', family: 'AppleTV', colors: ['BLACK'], describe: () => 'APPLE TV 4K WI-FI 64GB-USA', weight: 1 },
  {
    model: 'Apple Vision Pro',
    os: 'visionOS',
    family: 'Vision',
    colors: ['SILVER'],
    describe: () => 'APPLE VISION PRO 256GB-USA',
    weight: 1,
  },
];
