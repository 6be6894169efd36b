import type { DeviceRecord } from '../device/device-record';
import { createChangeLog, type ChangeLog } from './change-log';
import { createSnapshotShelf, type SnapshotShelf } from './fetch-snapshot';

/** One "MDM server" of the organisation, as set up in Apple Business Manager. */
export interface MdmServer {
  /** Apple's `server_uuid` (32 uppercase hex; the depsim example's dashed form in depsim mode). */
  readonly id: string;
  /** A small number that identifies the server inside cursors. */
  readonly number: number;
  readonly name: string;
  adminId: string;
  /** Assigned devices in assignment order (a `Map` keeps insertion order). */
  readonly devices: Map<string, DeviceRecord>;
  readonly log: ChangeLog;
  readonly snapshots: SnapshotShelf;
  /** consumer_key of the token that currently works. */
  currentConsumerKey: string | undefined;
  /** The account-driven enrollment profile set for this server (`/account-driven-enrollment/profile`). */
  accountDrivenEnrollment: { url: string; updatedMs: number } | undefined;
}

export function newMdmServer(id: string, number: number, name: string, adminId: string): MdmServer {
  return {
    id,
    number,
    name,
    adminId,
    devices: new Map(),
    log: createChangeLog(),
    snapshots: createSnapshotShelf(4),
    currentConsumerKey: undefined,
    accountDrivenEnrollment: undefined,
  };
}
