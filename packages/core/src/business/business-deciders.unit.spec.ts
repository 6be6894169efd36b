import { DeciderSpecification, draft } from '../index';
import { businessAccountDecider } from './business-account-decider';
import type {
  BusinessAccountEvent,
  DeviceAssignmentEvent,
  DeviceRemovalEvent,
  MigrationChangeEvent,
  OrgDeviceEvent,
  OrgDeviceFacts,
} from './business-events';
import { migrationChangeDecider } from './migration-change-decider';
import { deviceRemovalDecider } from './device-removal-decider';
import { deviceAssignmentDecider } from './device-assignment-decider';
import { orgDeviceDecider } from './org-device-decider';

const metadata = { now: new Date('2026-12-06T08:00:00Z'), actor: 'admin:alice' };
const facts: OrgDeviceFacts = {
  orderNumber: 'W123456789',
  model: 'iPhone 16',
  productFamily: 'iPhone',
  partNumber: null,
  color: 'BLACK',
  status: 'UNASSIGNED',
  assignedServerId: null,
  addedToOrgAt: '2026-12-01T00:00:00.000Z',
};
const seen = draft<OrgDeviceEvent>('OrgDeviceSeen', { serial: 'C02AAAAAAAAA', accountId: 'default', facts });
const observe = (over: Partial<OrgDeviceFacts> = {}) => ({
  type: 'ObserveOrgDevice' as const,
  data: { serial: 'C02AAAAAAAAA', accountId: 'default', facts: { ...facts, ...over } },
  metadata,
});

describe('org device decider', () => {
  const spec = DeciderSpecification.for(orgDeviceDecider);
  it('records a device once, then only the facts that changed', () => {
    spec.given([]).when(observe()).then([seen]);
    spec.given([seen]).when(observe()).thenNothing();
    spec
      .given([seen])
      .when(observe({ status: 'ASSIGNED', assignedServerId: 'S1' }))
      .then([
        draft<OrgDeviceEvent>('OrgDeviceChanged', {
          serial: 'C02AAAAAAAAA',
          accountId: 'default',
          changed: { status: 'ASSIGNED', assignedServerId: 'S1' },
        }),
      ]);
  });
  it('releases a known device once, and sees it again if it comes back', () => {
    const release = {
      type: 'ReleaseOrgDevice' as const,
      data: { serial: 'C02AAAAAAAAA', accountId: 'default', releasedAt: null },
      metadata,
    };
    const released = draft<OrgDeviceEvent>('OrgDeviceReleased', release.data);
    spec.given([]).when(release).thenNothing();
    spec.given([seen]).when(release).then([released]);
    spec.given([seen, released]).when(release).thenNothing();
    spec.given([seen, released]).when(observe()).then([seen]);
  });
  it('records AppleCare coverage when it differs from the last one', () => {
    const coverage = {
      coverageId: 'C1',
      description: 'Limited Warranty',
      status: 'ACTIVE',
      paymentType: 'NONE',
      startsAt: null,
      endsAt: null,
      renewable: false,
      canceled: false,
    };
    const record = {
      type: 'RecordAppleCareCoverage' as const,
      data: { serial: 'C02AAAAAAAAA', accountId: 'default', coverages: [coverage] },
      metadata,
    };
    const recorded = draft<OrgDeviceEvent>('AppleCareCoverageRecorded', { ...record.data, coverages: [coverage] });
    spec.given([seen]).when(record).then([recorded]);
    spec.given([seen, recorded]).when(record).thenNothing();
  });
});

describe('business account decider', () => {
  const spec = DeciderSpecification.for(businessAccountDecider);
  const connected = draft<BusinessAccountEvent>('BusinessAccountConnected', {
    accountId: 'default',
    clientId: 'BUSINESSAPI.abc',
    keyId: 'k1',
    scope: 'business.api',
    privateKeyRef: 'vault:business-api-key:k1',
  });
  const refusal = {
    type: 'RecordBusinessAccountRefusal' as const,
    data: { accountId: 'default', code: 'BUSINESS_AUTH_REFUSED', httpStatus: 400 },
    metadata,
  };
  it('records a refusal of a connected account once', () => {
    const refused = draft<BusinessAccountEvent>('BusinessAccountRefused', refusal.data);
    spec.given([connected]).when(refusal).then([refused]);
    spec.given([connected, refused]).when(refusal).thenNothing();
    spec.given([]).when(refusal).thenNothing();
  });
});

describe('device assignment decider', () => {
  const spec = DeciderSpecification.for(deviceAssignmentDecider);
  const request = {
    assignmentId: 'a1',
    accountId: 'default',
    serverId: 'S1',
    serials: ['C02AAAAAAAAA'],
    selection: { kind: 'order' as const, orderNumber: 'W123456789' },
    activityIds: ['act-1'],
  };
  const requested = draft<DeviceAssignmentEvent>('DeviceAssignmentRequested', request);
  const complete = {
    type: 'CompleteDeviceAssignment' as const,
    data: { assignmentId: 'a1', assigned: ['C02AAAAAAAAA'], failed: [], activities: [] },
    metadata,
  };
  it('is requested once, completed once', () => {
    spec.given([]).when({ type: 'RequestDeviceAssignment', data: request, metadata }).then([requested]);
    spec.given([requested]).when({ type: 'RequestDeviceAssignment', data: request, metadata }).thenThrows('BUSINESS_ASSIGNMENT_EXISTS');
    const completed = draft<DeviceAssignmentEvent>('DeviceAssignmentCompleted', {
      ...complete.data,
      assigned: ['C02AAAAAAAAA'],
      failed: [],
      activities: [],
    });
    spec.given([requested]).when(complete).then([completed]);
    spec.given([requested, completed]).when(complete).thenNothing();
    spec.given([]).when(complete).thenNothing();
  });
});

describe('device removal decider', () => {
  const spec = DeciderSpecification.for(deviceRemovalDecider);
  const request = {
    removalId: 'r1',
    accountId: 'default',
    from: 'organisation' as const,
    serverId: null,
    serials: ['C02AAAAAAAAA', 'C02BBBBBBBBB'],
    selection: { kind: 'serials' as const, orderNumber: null },
    activityIds: ['act-9'],
  };
  const requested = draft<DeviceRemovalEvent>('DeviceRemovalRequested', request);
  const complete = {
    type: 'CompleteDeviceRemoval' as const,
    data: { removalId: 'r1', removed: ['C02AAAAAAAAA'], failed: ['C02BBBBBBBBB'], activities: [] },
    metadata,
  };
  it('is requested once, completed once with a result per device', () => {
    spec.given([]).when({ type: 'RequestDeviceRemoval', data: request, metadata }).then([requested]);
    spec.given([requested]).when({ type: 'RequestDeviceRemoval', data: request, metadata }).thenThrows('BUSINESS_REMOVAL_EXISTS');
    const completed = draft<DeviceRemovalEvent>('DeviceRemovalCompleted', {
      ...complete.data,
      removed: ['C02AAAAAAAAA'],
      failed: ['C02BBBBBBBBB'],
    });
    spec.given([requested]).when(complete).then([completed]);
    spec.given([requested, completed]).when(complete).thenNothing();
    spec.given([]).when(complete).thenNothing();
  });
});

describe('migration change decider', () => {
  const spec = DeciderSpecification.for(migrationChangeDecider);
  const request = {
    changeId: 'm1',
    accountId: 'default',
    change: 'deadline' as const,
    deadline: '2027-01-15T17:00:00.000Z',
    serials: ['C02AAAAAAAAA', 'C02BBBBBBBBB'],
    selection: { kind: 'serials' as const, orderNumber: null },
    activityIds: ['act-3'],
  };
  const requested = draft<MigrationChangeEvent>('MigrationChangeRequested', request);
  const complete = {
    type: 'CompleteMigrationChange' as const,
    data: { changeId: 'm1', changed: ['C02AAAAAAAAA'], failed: ['C02BBBBBBBBB'], activities: [] },
    metadata,
  };
  it('is requested once, completed once with a result per device', () => {
    spec.given([]).when({ type: 'RequestMigrationChange', data: request, metadata }).then([requested]);
    spec
      .given([requested])
      .when({ type: 'RequestMigrationChange', data: request, metadata })
      .thenThrows('BUSINESS_MIGRATION_CHANGE_EXISTS');
    const completed = draft<MigrationChangeEvent>('MigrationChangeCompleted', complete.data);
    spec.given([requested]).when(complete).then([completed]);
    spec.given([requested, completed]).when(complete).thenNothing();
    spec.given([]).when(complete).thenNothing();
  });
});

describe('org device decider, migration facts', () => {
  const spec = DeciderSpecification.for(orgDeviceDecider);
  it('takes the facts missing from events recorded before migrations as none, and records a migration when one shows', () => {
    spec
      .given([seen])
      .when(observe({ migrationStatus: null, migrationDeadline: null }))
      .thenNothing();
    spec
      .given([seen])
      .when(observe({ migrationStatus: 'REQUESTED', migrationDeadline: '2027-01-15T17:00:00.000Z' }))
      .then([
        draft<OrgDeviceEvent>('OrgDeviceChanged', {
          serial: 'C02AAAAAAAAA',
          accountId: 'default',
          changed: { migrationStatus: 'REQUESTED', migrationDeadline: '2027-01-15T17:00:00.000Z' },
        }),
      ]);
  });
});
