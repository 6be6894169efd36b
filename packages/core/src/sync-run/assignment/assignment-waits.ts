import { add } from 'date-fns/add';
import { isBefore } from 'date-fns/isBefore';
import type { Duration } from 'date-fns';
import { assignmentQueueEventTypes, evolveQueuedAssignment, type QueuedAssignment } from '../../device/assignment-queue';
import type { DeviceEvent } from '../../device/device-events';
import type { RecordedEvent } from '../../events/event';
import type { EventStore } from '../../ports/event-store';
import type { EventSerde } from '../../serde/event-serde';
import { visitDeviceEvents } from '../device-log';
import type { AssignmentTarget } from './published-profile';

export type DueAssignment = AssignmentTarget & Readonly<{ serial: string }>;

/**
 * The assignment queue as of a position of the log — e.g. the assignment-queue read model at its
 * checkpoint (projections' \`assignmentQueueSeed\`) — or null when there is none to trust. The waits
 * then fold only what was stored after that position instead of the whole device log.
 */
export type AssignmentQueueSeed = () => Promise<Readonly<{ position: number; queued: readonly QueuedAssignment[] }> | null>;

const foldedTypes = new Set<string>(assignmentQueueEventTypes);

/** When a queued assignment is due again: at its retry time, or, still unanswered, once `stalePendingAfter` has passed. */
const dueAt = (queued: QueuedAssignment, stalePendingAfter: Duration): Date =>
  queued.retryAt !== null ? new Date(queued.retryAt) : add(new Date(queued.since), stalePendingAfter);

/**
 * The devices waiting on an assignment: asked and not yet answered, or answered FAILED / THROTTLED
 * with a retry time — the assignment queue, folded with the queue's one fold
 * (`evolveQueuedAssignment`, which the assignment-queue projection uses too) over the device events
 * once, then kept current by reading only what was stored since (so "retry due assignments" on
 * every run costs what changed, not the whole log). Holds only the queued devices. One per engine;
 * refreshes are serialised.
 */
export class AssignmentWaits {
  private readonly queue = new Map<string, QueuedAssignment>();
  private position = 0;
  private refreshing: Promise<void> = Promise.resolve();
  private seeded = false;

  constructor(
    private readonly source: Readonly<{ store: EventStore; serde: EventSerde }>,
    private readonly seed?: AssignmentQueueSeed,
  ) {}

  /**
   * This token's assignments whose wait is over at `now`: FAILED / THROTTLED ones whose retry time
   * has come, and requests still unanswered after `stalePendingAfter` (a run that stopped between
   * recording a request and sending it).
   */
  async due(tokenId: string, now: Date, stalePendingAfter: Duration): Promise<DueAssignment[]> {
    await this.refresh();
    const due: DueAssignment[] = [];
    for (const queued of this.queue.values()) {
      if (queued.tokenId !== tokenId || isBefore(now, dueAt(queued, stalePendingAfter))) continue;
      due.push({
        serial: queued.serial,
        profileId: queued.profileId,
        profileVersion: queued.profileVersion,
        profileUuid: queued.profileUuid,
      });
    }
    return due;
  }

  private refresh(): Promise<void> {
    // A failed catch-up before this one is not this caller's failure: the fold is consistent up to
    // its position, so this refresh resumes from there.
    this.refreshing = this.refreshing.catch(() => undefined).then(() => this.catchUp());
    return this.refreshing;
  }

  /**
   * One pass over the device log for a caller's own fold (the release by absence reads every
   * DeviceAssignedToServer / DeviceReleased from the start) that also brings the waits up to date:
   * `visit` gets the events of `types` after `after`, the waits fold what they have not seen yet.
   * In a process whose waits have not caught up yet (a fresh CLI process, the bench's sync), a full
   * run then reads the whole log once instead of twice (1M devices in SQLite: ~5.6 s less).
   * Serialised with the refreshes.
   */
  foldAlong<T extends DeviceEvent['type']>(
    types: readonly T[],
    after: number,
    visit: (event: RecordedEvent<Extract<DeviceEvent, { type: T }>>) => void,
  ): Promise<void> {
    const visited = new Set<string>(types);
    const pass = async () => {
      await this.seedOnce();
      const caughtUpTo = this.position;
      const wanted = (type: string, position: number) =>
        (position > after && visited.has(type)) || (position > caughtUpTo && foldedTypes.has(type));
      await visitDeviceEvents(this.source, Math.min(after, caughtUpTo), wanted, (event) => {
        if (event.position > after && visited.has(event.type)) visit(event as RecordedEvent<Extract<DeviceEvent, { type: T }>>);
        if (event.position > caughtUpTo && foldedTypes.has(event.type)) this.fold(event);
      });
    };
    // A failed refresh before this one does not stop the caller's pass (the fold is consistent up
    // to its position, so the pass also resumes it).
    const done = this.refreshing.catch(() => undefined).then(pass);
    this.refreshing = done;
    return done;
  }

  /** Before the first read: starts from the seed's queue and position when it has one (a failed seed: from the log). */
  private async seedOnce(): Promise<void> {
    if (this.seeded || this.seed === undefined) return;
    this.seeded = true;
    const seeded = await this.seed().catch(() => null);
    if (seeded === null || seeded.position <= this.position) return;
    this.queue.clear();
    for (const queued of seeded.queued) this.queue.set(queued.serial, queued);
    this.position = seeded.position;
  }

  private async catchUp(): Promise<void> {
    await this.seedOnce();
    await visitDeviceEvents(
      this.source,
      this.position,
      (type) => foldedTypes.has(type),
      (event) => this.fold(event),
    );
  }

  private fold(event: RecordedEvent<DeviceEvent>): void {
    this.position = event.position;
    const serial = (event.data as { serial: string }).serial;
    const queued = evolveQueuedAssignment(this.queue.get(serial) ?? null, event);
    if (queued === null) this.queue.delete(serial);
    else this.queue.set(serial, queued);
  }
}
