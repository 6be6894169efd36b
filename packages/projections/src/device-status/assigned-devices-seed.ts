import type { AssignedDevicesSeed } from '@depledger/core';
import { documentFieldValues } from '../read-model-store/count-documents';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { deviceStatusProjection } from './device-status-projection';

/**
 * Where a full sync's release by absence may start (core's `assignedDevices` option): the devices the
 * live device-status read model shows assigned to the token (its `tokenId`, any status but
 * `released`) at its checkpoint, read as two fields per document where the store offers
 * `fieldValues` (SQLite), so that the run folds only the device events stored since instead of the
 * whole log; each serial goes straight to the run's visitor, nothing is gathered. Null — the run
 * then folds the log — when the read model was never built, is of another projection version (a
 * rebuild is due), or moved while it was read.
 */
export const assignedDevicesSeed =
  (readModels: ReadModelStore): AssignedDevicesSeed =>
  async (tokenId, visit) => {
    const version = await readModels.live(deviceStatusProjection.name);
    if (version === null || version.projectionVersion !== deviceStatusProjection.version) return null;
    const before = await readModels.checkpoint(version);
    if (before === 0) return null;
    await documentFieldValues(readModels, version, ['tokenId', 'status'], (key, values) => {
      if (values[0] === tokenId && values[1] !== 'released') visit(key);
    });
    const after = await readModels.checkpoint(version);
    return before === after ? before : null;
  };
