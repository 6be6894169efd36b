import type { DeviceEvent, ProfileEvent, RecordedEvent, SyncEvent, TokenEvent } from '@depledger/core';

/** Every event depledger records, as a projection receives it (decoded, upcast, with its position). */
export type DepledgerEvent = TokenEvent | ProfileEvent | DeviceEvent | SyncEvent;

export type RecordedDepledgerEvent = RecordedEvent<DepledgerEvent>;
