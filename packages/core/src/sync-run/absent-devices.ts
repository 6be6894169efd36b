import { deviceDecider } from '../device/device-decider';
import { deviceStream, type DeviceEvent } from '../device/device-events';
import type { RecordedEvent } from '../events/event';
import { handleCommand } from '../handling/command-handler';
import { mapWithConcurrency } from './concurrency';
import { visitDeviceEvents } from './device-log';
import type { TokenWork } from './engine-context';

/** The serials a complete fetch reported (a `SerialSet` in a run). */
export type ReportedSerials = Readonly<{ has(serial: string): boolean }>;

const folded = ['DeviceAssignedToServer', 'DeviceReleased'] as const;
const isFolded = (type: string): boolean => type === 'DeviceAssignedToServer' || type === 'DeviceReleased';

/**
 * The devices the store holds as assigned to this token that are not among `reported`. The scan
 * folds only DeviceAssignedToServer and DeviceReleased, so it holds no more than the absent devices.
 * With the engine's `assignedDevices` seed (the device-status read model at its checkpoint) it starts
 * from the devices assigned at that position and folds only what was stored after it: a full run of
 * 100k devices with a default profile read its 400k device events back here (~1.9 s). Without one,
 * or when the seed has nothing to trust, it folds the whole device log through the assignment
 * waits, which fold the same pass when they are behind (the first run of a process would otherwise
 * read the whole log twice).
 */
export const findAbsentDevices = async (work: TokenWork, reported: ReportedSerials): Promise<string[]> => {
  const tokenId = work.tokenId;
  const absent = new Set<string>();
  const visit = (event: RecordedEvent<Extract<DeviceEvent, { type: (typeof folded)[number] }>>) => {
    const serial = event.data.serial;
    if (reported.has(serial)) return;
    if (event.type === 'DeviceAssignedToServer' && event.data.tokenId === tokenId) absent.add(serial);
    else absent.delete(serial);
  };
  const position =
    work.assignedDevices === null
      ? null
      : await work
          .assignedDevices(tokenId, (serial) => {
            if (!reported.has(serial)) absent.add(serial);
          })
          .catch(() => null);
  if (position === null) {
    absent.clear();
    await work.assignmentWaits.foldAlong(folded, 0, visit);
    return [...absent];
  }
  await visitDeviceEvents(work, position, isFolded, (event) =>
    visit(event as RecordedEvent<Extract<DeviceEvent, { type: (typeof folded)[number] }>>),
  );
  return [...absent];
};

/**
 * After a fetch that ran from its first page to its last, the devices Apple did not report are no
 * longer assigned to this token's MDM server: each is released with the reason. `observedAt` is when
 * the fetch's snapshot was taken: a device that changed later is left alone by the Device decider.
 */
export const releaseAbsentDevices = async (
  work: TokenWork,
  runId: string,
  reported: ReportedSerials,
  observedAt: string,
): Promise<number> => {
  const tokenId = work.tokenId;
  const absent = await findAbsentDevices(work, reported);
  const released = await mapWithConcurrency(absent, work.applyConcurrency, async (serial) => {
    const result = await handleCommand(
      work.store,
      work.serde,
      deviceDecider,
      deviceStream(serial),
      {
        type: 'ReleaseDevice',
        data: { serial, tokenId, reason: 'absent_from_full_fetch', observedAt, runId },
        metadata: work.metadata(`absent:${tokenId}:${serial}:${observedAt}`),
      },
      { retries: 3 },
    );
    return result.events.length;
  });
  return released.filter((n) => n > 0).length;
};
