/** One serial of the organisation's inventory (key `device:<serial>`), with what DEP and depledger's assignments say of it. */
export type OrgInventoryDeviceDoc = Readonly<{
  kind: 'device';
  serial: string;
  /** False until the inventory has listed it (a device only DEP knows has no inventory facts). */
  inInventory: boolean;
  released: boolean;
  accountId: string | null;
  orderNumber: string | null;
  model: string | null;
  productFamily: string | null;
  /** ASSIGNED / UNASSIGNED at Apple, as the inventory last said. */
  appleStatus: string | null;
  /** The MDM server Apple has it on: from the inventory, or from an assignment that completed. */
  assignedServerId: string | null;
  /** The latest end of an ACTIVE AppleCare coverage, and what it is. */
  appleCare: Readonly<{ description: string | null; endsAt: string | null }> | null;
  /**
   * A device management service migration Apple shows for it (REQUESTED, STARTED, SUCCESS or FAILED)
   * and its deadline; null when none, or before the inventory said.
   */
  migration: Readonly<{ status: string; deadline: string | null }> | null;
  /** The last assignment through the API that named it. */
  assignment: Readonly<{ assignmentId: string; serverId: string; state: 'in_progress' | 'assigned' | 'failed' }> | null;
  /** Whether a DEP sync reports it on a token's server, and which token. */
  dep: Readonly<{ tokenId: string; present: boolean }> | null;
  updatedAt: string;
}>;

/** A DEP token's MDM server (key `token:<tokenId>`), for the join. */
export type OrgInventoryTokenDoc = Readonly<{ kind: 'token'; tokenId: string; serverUuid: string }>;

/** An API account (key `account:<accountId>`): its key id and the expiry of its credentials, for their health. */
export type OrgInventoryAccountDoc = Readonly<{
  kind: 'account';
  accountId: string;
  clientId: string;
  keyId: string;
  /** When the credentials expire, if given at connect; null otherwise. */
  expiresAt: string | null;
  /** Apple's refusal since the last connect, or null. */
  refusedCode: string | null;
  /** The last expiry warning recorded (30, 7 or 1 days), or null. */
  warnedThreshold: number | null;
  expired: boolean;
}>;

export type OrgInventoryDoc = OrgInventoryDeviceDoc | OrgInventoryTokenDoc | OrgInventoryAccountDoc;
