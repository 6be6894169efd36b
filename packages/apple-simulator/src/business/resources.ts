import type { DeviceFamily, DeviceRecord } from '../device/device-record';
import type { MdmServer } from '../state/mdm-server';
import type { SimulatedActivity } from './activity';
import { firstSeen, type AppleCareCoverageInput, type BusinessState } from './business-side';

const iso = (ms: number): string => new Date(ms).toISOString();

const productFamilies: Partial<Record<DeviceFamily, string>> = {
  iPad: 'iPad',
  iPhone: 'iPhone',
  Mac: 'Mac',
  AppleTV: 'AppleTV',
  Vision: 'Vision',
};

/** A device as an `OrgDevice` resource. */
export function orgDeviceResource(state: BusinessState, origin: string, device: DeviceRecord): Record<string, unknown> {
  const added = firstSeen(state, `device:${device.serial}`);
  const self = `${origin}/v1/orgDevices/${encodeURIComponent(device.serial)}`;
  const family = productFamilies[device.family];
  return {
    type: 'orgDevices',
    id: device.serial,
    attributes: {
      serialNumber: device.serial,
      addedToOrgDateTime: iso(added),
      updatedDateTime: iso(Math.max(added, device.assignedAtMs ?? 0)),
      deviceModel: device.model,
      ...(family === undefined ? {} : { productFamily: family }),
      orderNumber: device.orderNumber,
      color: device.color,
      status: device.serverId === undefined ? 'UNASSIGNED' : 'ASSIGNED',
      purchaseSourceType: 'APPLE',
      // every simulated device can migrate; the status and deadline show once a migration was asked for
      isMdmMigrationCapable: true,
      ...migrationAttributes(state, device),
    },
    relationships: {
      assignedServer: { links: { self: `${self}/relationships/assignedServer`, related: `${self}/assignedServer` } },
    },
    links: { self },
  };
}

function migrationAttributes(state: BusinessState, device: DeviceRecord): Record<string, string> {
  const migration = state.migrations.get(device.serial);
  if (migration === undefined) return {};
  return {
    mdmMigrationStatus: migration.status,
    ...(device.mdmMigrationDeadlineMs === undefined ? {} : { mdmMigrationDeadlineDateTime: iso(device.mdmMigrationDeadlineMs) }),
  };
}

/** An MDM server as an `MdmServer` resource. */
export function mdmServerResource(state: BusinessState, origin: string, server: MdmServer): Record<string, unknown> {
  const created = firstSeen(state, `server:${server.id}`);
  const self = `${origin}/v1/mdmServers/${server.id}`;
  return {
    type: 'mdmServers',
    id: server.id,
    attributes: { serverName: server.name, serverType: 'MDM', createdDateTime: iso(created), updatedDateTime: iso(created) },
    relationships: { devices: { links: { self: `${self}/relationships/devices`, related: `${self}/devices` } } },
  };
}

/** A device's coverage: what was set, or a one-year limited warranty from when the API first saw it. */
export function appleCareResources(state: BusinessState, device: DeviceRecord): Array<Record<string, unknown>> {
  const coverages: readonly AppleCareCoverageInput[] = state.appleCare.get(device.serial) ?? [
    {
      id: device.serial,
      description: 'Limited Warranty',
      status: 'ACTIVE',
      paymentType: 'NONE',
      startDateTime: iso(firstSeen(state, `device:${device.serial}`)),
      endDateTime: iso(firstSeen(state, `device:${device.serial}`) + 365 * 24 * 3600 * 1000),
      isRenewable: false,
      isCanceled: false,
      agreementNumber: null,
      contractCancelDateTime: null,
    },
  ];
  return coverages.map(({ id, ...attributes }) => ({ type: 'appleCareCoverage', id, attributes }));
}

/** Where a completed activity's CSV log is: a presigned link (its secret in the query), outside `/v1`. */
export function activityLogUrl(origin: string, activity: SimulatedActivity): string {
  return `${origin}${activityLogPath}${activity.id}.csv?signature=${activity.logToken}`;
}

export const activityLogPath = '/activity-logs/';

/**
 * A completed activity's log as CSV, one line per device. Apple documents no columns; the
 * simulator writes `serialNumber,activityType,result,detail` with a header line.
 */
export function activityLogCsv(activity: SimulatedActivity): string {
  const lines = ['serialNumber,activityType,result,detail'];
  for (const serial of activity.serials) {
    const result = activity.outcome?.[serial] === 'done' ? 'SUCCESS' : 'FAILED';
    const detail = result === 'SUCCESS' ? '' : 'The device could not be processed.';
    lines.push(`${serial},${activity.type},${result},${detail}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** An activity as an `OrgDeviceActivity` resource. */
export function activityResource(origin: string, activity: SimulatedActivity): Record<string, unknown> {
  return {
    type: 'orgDeviceActivities',
    id: activity.id,
    attributes: {
      status: activity.status,
      subStatus: activity.subStatus,
      createdDateTime: iso(activity.createdMs),
      ...(activity.completedMs === undefined
        ? {}
        : { completedDateTime: iso(activity.completedMs), downloadUrl: activityLogUrl(origin, activity) }),
    },
    links: { self: `${origin}/v1/orgDeviceActivities/${activity.id}` },
  };
}
