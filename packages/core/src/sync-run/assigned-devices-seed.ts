/**
 * The serials the store holds as assigned to a token's MDM server, as of a position of the log — e.g.
 * the device-status read model at its checkpoint (projections' `assignedDevicesSeed`): calls `visit`
 * with each, then resolves to that position, or to null when there is none to trust (whatever was
 * visited is then disregarded). A full run's release by absence then folds only the device events
 * stored after that position instead of the whole device log. Serials are handed over one by one so
 * that neither side holds a fleet's list (gathered as an array, a million devices' fields added
 * ~280 MB to the live heap).
 *
 * A device counts as assigned when its last `DeviceAssignedToServer` or `DeviceReleased` is an
 * assignment to this token; one released otherwise since (disowned) may be listed or not: releasing
 * it again records nothing.
 */
export type AssignedDevicesSeed = (tokenId: string, visit: (serial: string) => void) => Promise<number | null>;
