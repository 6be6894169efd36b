import type { DeviceStatusDoc } from '../device-status/device-status-doc';
import { deviceStatusProjection } from '../device-status/device-status-projection';
import {
  assignmentLabel,
  assignmentStateCodes,
  deviceStatusCodes,
  statusLabel,
  type AssignmentStateCode,
  type DeviceStatusCode,
} from '../labels/device-status-labels';
import type { Lang } from '../labels/labels';
import { readModelOf } from '../read-model-store/read-model-reader';
import type { ReadModelStore } from '../read-model-store/read-model-store';

export type CountRow<Code extends string> = Readonly<{ code: Code; label: string; count: number }>;

/** A token's fleet in numbers: devices per status and per assignment state (`none`: no assignment requested). */
export type FleetSummary = Readonly<{
  tokenId: string;
  total: number;
  byStatus: Readonly<Record<DeviceStatusCode, number>>;
  byAssignment: Readonly<Record<AssignmentStateCode | 'none', number>>;
  /** The same counts as labelled rows, in a fixed order, for display. */
  statusRows: readonly CountRow<DeviceStatusCode>[];
  assignmentRows: readonly CountRow<AssignmentStateCode | 'none'>[];
}>;

const noneLabel = { fr: 'Aucune', en: 'None' } as const;

const zeroes = <Code extends string>(codes: readonly Code[]): Record<Code, number> =>
  Object.fromEntries(codes.map((c) => [c, 0])) as Record<Code, number>;

/** Counts devices (documents of the device-status read model) for one token. */
export const summariseFleet = (tokenId: string, devices: Iterable<DeviceStatusDoc>, lang: Lang = 'fr'): FleetSummary => {
  const byStatus = zeroes(deviceStatusCodes);
  const byAssignment = zeroes<AssignmentStateCode | 'none'>([...assignmentStateCodes, 'none']);
  let total = 0;
  for (const device of devices) {
    if (device.tokenId !== tokenId) continue;
    total++;
    byStatus[device.status]++;
    byAssignment[device.assignment?.state ?? 'none']++;
  }
  return {
    tokenId,
    total,
    byStatus,
    byAssignment,
    statusRows: deviceStatusCodes.map((code) => ({ code, label: statusLabel(code, lang), count: byStatus[code] })),
    assignmentRows: [...assignmentStateCodes, 'none' as const].map((code) => ({
      code,
      label: code === 'none' ? noneLabel[lang] : assignmentLabel(code, lang),
      count: byAssignment[code],
    })),
  };
};

/**
 * The fleet summary of one token. It is counted from the device-status read model at query time,
 * so it can never disagree with the device list (and is rebuilt and asked "as of" with it).
 */
export const fleetSummary = async (readModels: ReadModelStore, tokenId: string, lang: Lang = 'fr'): Promise<FleetSummary> =>
  summariseFleet(tokenId, await (await readModelOf(readModels, deviceStatusProjection)).all(), lang);

/** The fleet summary of every token that has devices, by token id. */
export const fleetSummaries = async (readModels: ReadModelStore, lang: Lang = 'fr'): Promise<FleetSummary[]> => {
  const devices = await (await readModelOf(readModels, deviceStatusProjection)).all();
  const tokens = [...new Set(devices.map((d) => d.tokenId))].sort();
  return tokens.map((tokenId) => summariseFleet(tokenId, devices, lang));
};
