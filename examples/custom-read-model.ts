/**
 * A custom read model with depledger's projection API: devices Apple assigned to one of our MDM
 * servers that have not enrolled for more than N days, per token — the devices to chase in a
 * warehouse or with their users. A few lines of definition; the runner, rebuild and "as of" come
 * with it. Run by its test (examples/custom-read-model.spec.ts), which calls `main()`.
 */
import {
  createInMemoryEventStore,
  depledgerSerde,
  deviceDecider,
  deviceStream,
  handleCommand,
  manualClock,
  streamPrefixes,
  type DeviceDetails,
  type DeviceEvent,
  type EventStore,
} from '@depledger/core';
import {
  createInMemoryReadModelStore,
  createProjectionRunner,
  defineProjection,
  readModelOf,
  readModelsAsOf,
  type ReadModelStore,
} from '@depledger/projections';

/** A device waiting for its first enrollment (or a new one after an unenrollment), and since when. */
export type WaitingDevice = Readonly<{ serial: string; tokenId: string; waitingSince: string }>;

// 1. The definition: one document per serial while the device waits; none once it enrolls or leaves.
export const waitingDevicesProjection = defineProjection<WaitingDevice, DeviceEvent>({
  name: 'waiting-devices',
  version: 1,
  streamPrefixes: [streamPrefixes.device],
  eventTypes: ['DeviceAssignedToServer', 'DeviceEnrolled', 'DeviceUnenrolled', 'DeviceReleased'],
  keyOf: (event) => event.data.serial,
  evolve: (doc, event) => {
    const { serial, tokenId } = event.data;
    switch (event.type) {
      case 'DeviceAssignedToServer':
        return doc !== null && doc.tokenId === tokenId ? doc : { serial, tokenId, waitingSince: event.metadata.occurredAt };
      case 'DeviceUnenrolled':
        return { serial, tokenId, waitingSince: event.metadata.occurredAt };
      default:
        return null;
    }
  },
});

// 2. The query: waiting for more than `days`, per token.
export const devicesNotContactedFor = async (
  readModels: ReadModelStore,
  options: Readonly<{ days: number; now: Date }>,
): Promise<Record<string, WaitingDevice[]>> => {
  const cutoff = options.now.getTime() - options.days * 86_400_000;
  const perToken: Record<string, WaitingDevice[]> = {};
  for (const device of await (await readModelOf(readModels, waitingDevicesProjection)).all()) {
    if (Date.parse(device.waitingSince) >= cutoff) continue;
    (perToken[device.tokenId] ??= []).push(device);
  }
  return Object.fromEntries(Object.entries(perToken).sort(([a], [b]) => a.localeCompare(b)));
};

const details: DeviceDetails = {
  model: 'iPhone 15',
  description: null,
  color: null,
  assetTag: null,
  os: 'iOS',
  family: 'iPhone',
  profileStatus: 'empty',
  profileUuid: null,
  profileAssignedAt: null,
  profilePushedAt: null,
  assignedAt: null,
  assignedByRef: null,
  mdmMigrationDeadline: null,
};

/** A small history through core's Device decider: Apple reports devices on two tokens, some enroll. */
export const recordHistory = async (store: EventStore): Promise<void> => {
  const clock = manualClock('2026-01-01T09:00:00Z');
  const appleReports = (tokenId: string, serial: string) =>
    handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serial), {
      type: 'ApplyAppleRecord',
      data: {
        tokenId,
        fact: { serial, details, operation: 'added', operationDate: null },
        observedAt: clock.now().toISOString(),
        runId: null,
      },
      metadata: { now: clock.now(), actor: 'system:sync' },
    });
  const enroll = (serial: string) =>
    handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serial), {
      type: 'RecordEnrollment',
      data: { serial, enrolledAt: clock.now().toISOString(), userRef: null },
      metadata: { now: clock.now(), actor: 'mdm:checkin' },
    });

  for (const serial of ['F17QX1ABCD01', 'F17QX1ABCD02', 'F17QX1ABCD03']) await appleReports('paris', serial);
  clock.set('2026-01-03T10:00:00Z');
  await enroll('F17QX1ABCD01');
  clock.set('2026-01-10T10:00:00Z');
  await appleReports('lyon', 'G6TZ9XYZ0001');
};

const report = (title: string, perToken: Record<string, WaitingDevice[]>): string[] => [
  title,
  ...Object.entries(perToken).flatMap(([tokenId, devices]) =>
    devices.map((d) => `  ${tokenId}  ${d.serial}  waiting since ${d.waitingSince.slice(0, 10)}`),
  ),
];

/** Builds the read model, asks it, then asks history "as of" an earlier date; returns the printed lines. */
export const main = async (print: (line: string) => void = console.log): Promise<string[]> => {
  const eventStore = createInMemoryEventStore();
  await recordHistory(eventStore);

  // 3. Run it like any built-in read model (here: catch up once; `start()` would follow live).
  const readModels = createInMemoryReadModelStore();
  const runner = createProjectionRunner({ eventStore, readModels, projections: [waitingDevicesProjection] });
  await runner.catchUp();
  const today = await devicesNotContactedFor(readModels, { days: 7, now: new Date('2026-01-12T09:00:00Z') });

  // 4. "As of" comes free: the read model as it was on 2 January, from history.
  const then = await readModelsAsOf({ eventStore, projections: [waitingDevicesProjection], at: { time: '2026-01-02T09:00:00Z' } });
  const onJan2 = await devicesNotContactedFor(then, { days: 0, now: new Date('2026-01-02T09:00:00Z') });

  const lines = [...report('Not contacted for more than 7 days (2026-01-12):', today), ...report('Waiting on 2026-01-02:', onJan2)];
  for (const line of lines) print(line);
  return lines;
};
