/**
 * The serials the store holds as assigned to a token's MDM server, as of a position of the log — e.g.
 * the device-status read model at its checkpoint (projections' `assignedDevicesSeed`) — or null when
 * there is none to trust. A full run's release by absence then folds only the device events stored
 * after that position instead of the whole device log.
 *
 * A device counts as assigned when its last `DeviceAssignedToServer` or `DeviceReleased` is an
 * assignment to this token; one released otherwise since (disowned) may be listed or not: releasing
 * it again records nothing.
 */
export type AssignedDevicesSeed = (tokenId: string) => Promise<Readonly<{ position: number; serials: readonly string[] }> | null>;
