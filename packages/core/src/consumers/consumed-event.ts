import type { RecordedEvent } from '../events/event';
import type { DeviceEvent } from '../device/device-events';
import type { ProfileEvent } from '../profile/profile-events';
import type { SyncEvent } from '../sync/sync-events';
import type { TokenEvent } from '../token/token-events';

/** Every event depledger records in its own streams (tokens, profiles, devices, syncs). */
export type ConsumableEvent = TokenEvent | ProfileEvent | DeviceEvent | SyncEvent;

/** The type names a consumer can ask for: `DeviceAssignedToServer`, `DeviceEnrolled`… (without the stored version). */
export type ConsumableEventType = ConsumableEvent['type'];

/** What a consumer's handler receives: the event decoded and upcast, typed by the names it asked for, with its place in the log. */
export type ConsumedEvent<T extends ConsumableEventType = ConsumableEventType> = RecordedEvent<Extract<ConsumableEvent, { type: T }>>;
