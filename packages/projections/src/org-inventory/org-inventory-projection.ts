import {
  businessStreamPrefixes,
  streamPrefixes,
  type AccountVerified,
  type BusinessAccountEvent,
  type DeviceAssignmentEvent,
  type DeviceEvent,
  type DeviceRemovalCompleted,
  type OrgDeviceEvent,
  type RecordedEvent,
} from '@depledger/core';
import { defineProjection } from '../projection/projection';
import type { OrgInventoryDeviceDoc, OrgInventoryDoc } from './org-inventory-doc';

type Handled = OrgDeviceEvent | DeviceAssignmentEvent | DeviceRemovalCompleted | BusinessAccountEvent | DeviceEvent | AccountVerified;
type Draft = { -readonly [K in keyof OrgInventoryDeviceDoc]: OrgInventoryDeviceDoc[K] };

const blank = (serial: string, at: string): Draft => ({
  kind: 'device',
  serial,
  inInventory: false,
  released: false,
  accountId: null,
  orderNumber: null,
  model: null,
  productFamily: null,
  appleStatus: null,
  assignedServerId: null,
  appleCare: null,
  migration: null,
  assignment: null,
  dep: null,
  updatedAt: at,
});

const migrationOf = (status: string | null, deadline: string | null): Draft['migration'] => (status === null ? null : { status, deadline });

const deviceKey = (serial: string) => `device:${serial}`;

const evolveDevice = (doc: Draft, event: RecordedEvent<Handled>, serial: string): Draft => {
  switch (event.type) {
    case 'OrgDeviceSeen': {
      const { facts } = event.data;
      return {
        ...doc,
        inInventory: true,
        released: false,
        accountId: event.data.accountId,
        orderNumber: facts.orderNumber,
        model: facts.model,
        productFamily: facts.productFamily,
        appleStatus: facts.status,
        assignedServerId: facts.assignedServerId,
        migration: migrationOf(facts.migrationStatus ?? null, facts.migrationDeadline ?? null),
      };
    }
    case 'OrgDeviceChanged': {
      const changed = event.data.changed;
      return {
        ...doc,
        ...(changed.orderNumber !== undefined ? { orderNumber: changed.orderNumber } : {}),
        ...(changed.model !== undefined ? { model: changed.model } : {}),
        ...(changed.productFamily !== undefined ? { productFamily: changed.productFamily } : {}),
        ...(changed.status !== undefined ? { appleStatus: changed.status } : {}),
        ...(changed.assignedServerId !== undefined ? { assignedServerId: changed.assignedServerId } : {}),
        ...(changed.migrationStatus !== undefined || changed.migrationDeadline !== undefined
          ? {
              migration: migrationOf(
                changed.migrationStatus !== undefined ? changed.migrationStatus : (doc.migration?.status ?? null),
                changed.migrationDeadline !== undefined ? changed.migrationDeadline : (doc.migration?.deadline ?? null),
              ),
            }
          : {}),
      };
    }
    case 'OrgDeviceReleased':
      return { ...doc, released: true };
    case 'AppleCareCoverageRecorded': {
      const active = event.data.coverages
        .filter((c) => c.status === 'ACTIVE')
        .sort((a, b) => ((a.endsAt ?? '9999') < (b.endsAt ?? '9999') ? 1 : -1));
      const best = active[0];
      return {
        ...doc,
        appleCare: best === undefined ? { description: null, endsAt: null } : { description: best.description, endsAt: best.endsAt },
      };
    }
    case 'DeviceAssignmentRequested':
      return { ...doc, assignment: { assignmentId: event.data.assignmentId, serverId: event.data.serverId, state: 'in_progress' } };
    case 'DeviceAssignmentCompleted': {
      if (doc.assignment === null || doc.assignment.assignmentId !== event.data.assignmentId) return doc;
      const assigned = event.data.assigned.includes(serial);
      return {
        ...doc,
        assignment: { ...doc.assignment, state: assigned ? 'assigned' : 'failed' },
        ...(assigned ? { assignedServerId: doc.assignment.serverId, appleStatus: 'ASSIGNED' } : {}),
      };
    }
    case 'DeviceRemovalCompleted':
      // Off its server at Apple (unassigned, or released: OrgDeviceReleased follows for those).
      return event.data.removed.includes(serial) ? { ...doc, assignment: null, assignedServerId: null, appleStatus: 'UNASSIGNED' } : doc;
    case 'DeviceAssignedToServer':
      return { ...doc, dep: { tokenId: event.data.tokenId, present: true } };
    case 'DeviceReleased':
      return doc.dep === null ? doc : { ...doc, dep: { ...doc.dep, present: false } };
    default:
      return doc;
  }
};

/**
 * The organisation's inventory as the School and Business Manager API shows it, joined with DEP:
 * a document per serial (org facts, AppleCare, the last API assignment, whether a DEP sync has it)
 * and one per DEP token (its MDM server), which `listOrgInventory` joins into a situation.
 */
export const orgInventoryProjection = defineProjection<OrgInventoryDoc, Handled>({
  name: 'org-inventory',
  // 2: API accounts' documents (credentials expiry), and removals (unassign, release). 3: migrations under way.
  version: 3,
  streamPrefixes: [
    ...businessStreamPrefixes('businessAccount', 'orgDevice', 'deviceAssignment', 'deviceRemoval'),
    streamPrefixes.device,
    streamPrefixes.token,
  ],
  eventTypes: [
    'BusinessAccountConnected',
    'BusinessAccountRefused',
    'BusinessAccountExpiring',
    'BusinessAccountExpired',
    'OrgDeviceSeen',
    'OrgDeviceChanged',
    'OrgDeviceReleased',
    'AppleCareCoverageRecorded',
    'DeviceAssignmentRequested',
    'DeviceAssignmentCompleted',
    'DeviceRemovalCompleted',
    'DeviceAssignedToServer',
    'DeviceReleased',
    'AccountVerified',
  ],
  keyOf: (event) => {
    switch (event.type) {
      case 'AccountVerified':
        return `token:${event.data.tokenId}`;
      case 'BusinessAccountConnected':
      case 'BusinessAccountRefused':
      case 'BusinessAccountExpiring':
      case 'BusinessAccountExpired':
        return `account:${event.data.accountId}`;
      case 'DeviceAssignmentRequested':
        return event.data.serials.map(deviceKey);
      case 'DeviceAssignmentCompleted':
        return [...event.data.assigned, ...event.data.failed].map(deviceKey);
      case 'DeviceRemovalCompleted':
        return event.data.removed.map(deviceKey);
      default:
        return 'serial' in event.data && typeof event.data.serial === 'string' ? deviceKey(event.data.serial) : null;
    }
  },
  evolve: (doc, event, key) => {
    if (event.type === 'AccountVerified') return { kind: 'token', tokenId: event.data.tokenId, serverUuid: event.data.serverUuid };
    if (event.type === 'BusinessAccountConnected')
      return {
        kind: 'account',
        accountId: event.data.accountId,
        clientId: event.data.clientId,
        keyId: event.data.keyId,
        expiresAt: event.data.expiresAt ?? null,
        refusedCode: null,
        warnedThreshold: null,
        expired: false,
      };
    if (event.type === 'BusinessAccountRefused' || event.type === 'BusinessAccountExpiring' || event.type === 'BusinessAccountExpired') {
      if (doc === null || doc.kind !== 'account') return doc;
      if (event.type === 'BusinessAccountRefused') return { ...doc, refusedCode: event.data.code };
      if (event.type === 'BusinessAccountExpiring') return { ...doc, warnedThreshold: event.data.threshold };
      return { ...doc, expired: true };
    }
    const serial = key.slice('device:'.length);
    const current = doc !== null && doc.kind === 'device' ? { ...doc } : blank(serial, event.metadata.occurredAt);
    return { ...evolveDevice(current, event, serial), updatedAt: event.metadata.occurredAt };
  },
});
