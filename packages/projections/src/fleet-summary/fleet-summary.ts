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
import { countDocuments } from '../read-model-store/count-documents';
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

/** Devices of one token sharing a status and an assignment state (`null`: none requested), and how many. */
type DeviceCount = Readonly<{ status: string | null; assignment: string | null; count: number }>;

const summaryOf = (tokenId: string, counts: Iterable<DeviceCount>, lang: Lang): FleetSummary => {
  const byStatus = zeroes(deviceStatusCodes);
  const byAssignment = zeroes<AssignmentStateCode | 'none'>([...assignmentStateCodes, 'none']);
  let total = 0;
  for (const { status, assignment, count } of counts) {
    total += count;
    // a code from a newer depledger counts in the total only
    if (status !== null && status in byStatus) byStatus[status as DeviceStatusCode] += count;
    const state = assignment ?? 'none';
    if (state in byAssignment) byAssignment[state as AssignmentStateCode | 'none'] += count;
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

/** Counts devices (documents of the device-status read model) for one token. */
export const summariseFleet = (tokenId: string, devices: Iterable<DeviceStatusDoc>, lang: Lang = 'fr'): FleetSummary => {
  const counts: DeviceCount[] = [];
  for (const device of devices) {
    if (device.tokenId === tokenId) counts.push({ status: device.status, assignment: device.assignment?.state ?? null, count: 1 });
  }
  return summaryOf(tokenId, counts, lang);
};

/** The device-status documents counted per token, status and assignment state, where the store counts best. */
const deviceCounts = async (readModels: ReadModelStore): Promise<Map<string, DeviceCount[]>> => {
  const byToken = new Map<string, DeviceCount[]>();
  const version = await readModels.live(deviceStatusProjection.name);
  if (version === null) return byToken;
  for (const { values, count } of await countDocuments(readModels, version, ['tokenId', 'status', 'assignment.state'])) {
    const [tokenId, status, assignment] = values as [string | null, string | null, string | null];
    if (tokenId === null) continue;
    const counts = byToken.get(tokenId) ?? [];
    counts.push({ status, assignment, count });
    byToken.set(tokenId, counts);
  }
  return byToken;
};

/**
 * The fleet summary of one token. It is counted from the device-status read model at query time,
 * so it can never disagree with the device list (and is rebuilt and asked "as of" with it); a store
 * that counts where the documents live (SQLite) does so without reading them.
 */
export const fleetSummary = async (readModels: ReadModelStore, tokenId: string, lang: Lang = 'fr'): Promise<FleetSummary> =>
  summaryOf(tokenId, (await deviceCounts(readModels)).get(tokenId) ?? [], lang);

/** The fleet summary of every token that has devices, by token id. */
export const fleetSummaries = async (readModels: ReadModelStore, lang: Lang = 'fr'): Promise<FleetSummary[]> => {
  const counts = await deviceCounts(readModels);
  return [...counts.keys()].sort().map((tokenId) => summaryOf(tokenId, counts.get(tokenId) ?? [], lang));
};
