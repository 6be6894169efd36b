import { createBusinessStreams } from '../../business/business-streams';
import { orgDeviceDecider } from '../../business/org-device-decider';
import type { EventStore } from '../../ports/event-store';
import type { EventSerde } from '../../serde/event-serde';
import type { RoutableDevice, RoutingRule } from './routing-rules';

/** Order numbers by serial (null: the organisation's inventory does not say). */
export type OrderNumberLookup = (serials: readonly string[]) => Promise<ReadonlyMap<string, string | null>>;

/** Whether any rule looks at order numbers: only then are they looked up. */
export const rulesUseOrderNumbers = (rules: readonly RoutingRule[]): boolean => rules.some((rule) => rule.when.orderNumber !== undefined);

/**
 * The devices with their order numbers, when a rule needs them: a device that comes with one keeps
 * it; the others get what `lookup` says (null when unknown, which no order rule matches). The sync
 * and the dry run both go through here, so they see the same facts.
 */
export const withOrderNumbers = async <D extends RoutableDevice>(
  rules: readonly RoutingRule[],
  devices: readonly D[],
  lookup: OrderNumberLookup,
): Promise<D[]> => {
  if (!rulesUseOrderNumbers(rules)) return [...devices];
  const missing = devices.filter((device) => device.orderNumber === undefined).map((device) => device.serial);
  if (missing.length === 0) return [...devices];
  const found = await lookup(missing);
  return devices.map((device) =>
    device.orderNumber !== undefined ? device : { ...device, orderNumber: found.get(device.serial) ?? null },
  );
};

/**
 * Order numbers from the organisation's inventory as depledger recorded it through Apple School and
 * Business Manager's API (`dep-org-device-<serial>`): Apple's DEP feed does not carry them.
 */
export const orderNumbersFromInventory = (store: EventStore, serde: EventSerde): OrderNumberLookup => {
  const streams = createBusinessStreams(store, serde);
  return async (serials) => {
    const found = new Map<string, string | null>();
    for (const serial of serials) {
      const state = await streams.state(orgDeviceDecider, 'orgDevice', serial);
      found.set(serial, state.known && !state.released ? (state.facts?.orderNumber ?? null) : null);
    }
    return found;
  };
};
