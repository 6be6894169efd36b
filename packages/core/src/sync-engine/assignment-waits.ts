import { add, isBefore, type Duration } from 'date-fns';
import type { EventSerde } from '../serde/event-serde';
import type { EventStore } from '../ports/event-store';
import { deviceEventsOfTypes } from './device-log';
import type { AssignmentTarget } from './published-profile';

type Waiting = AssignmentTarget & Readonly<{ tokenId: string; retryAt: string | null; since: string }>;

export type DueAssignment = AssignmentTarget & Readonly<{ serial: string }>;

const folded = [
  'ProfileAssignmentRequested',
  'ProfileAssignmentSucceeded',
  'ProfileAssignmentFailed',
  'ProfileAssignmentThrottled',
  'DeviceReleased',
  'DeviceAssignedToServer',
] as const;

/**
 * The devices waiting on an assignment: asked and not yet answered, or answered FAILED / THROTTLED
 * with a retry time. Built by folding the device events once, then kept current by reading only
 * what was stored since (so "retry due assignments" on every run costs what changed, not the whole
 * log). Holds only the waiting devices. One per engine; refreshes are serialised.
 */
export class AssignmentWaits {
  private readonly waiting = new Map<string, Waiting>();
  private position = 0;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly source: Readonly<{ store: EventStore; serde: EventSerde }>) {}

  /**
   * This token's assignments whose wait is over at `now`: FAILED / THROTTLED ones whose retry time
   * has come, and requests still unanswered after `stalePendingAfter` (a run that stopped between
   * recording a request and sending it).
   */
  async due(tokenId: string, now: Date, stalePendingAfter: Duration): Promise<DueAssignment[]> {
    await this.refresh();
    const due: DueAssignment[] = [];
    for (const [serial, w] of this.waiting) {
      if (w.tokenId !== tokenId) continue;
      const dueAt = w.retryAt !== null ? new Date(w.retryAt) : add(new Date(w.since), stalePendingAfter);
      if (!isBefore(now, dueAt)) due.push({ serial, profileId: w.profileId, profileVersion: w.profileVersion, profileUuid: w.profileUuid });
    }
    return due;
  }

  private refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.catchUp());
    return this.refreshing;
  }

  private async catchUp(): Promise<void> {
    for await (const event of deviceEventsOfTypes(this.source, folded, this.position)) {
      this.position = event.position;
      const { serial, tokenId } = event.data;
      switch (event.type) {
        case 'ProfileAssignmentRequested': {
          const { profileId, profileVersion, profileUuid } = event.data;
          this.waiting.set(serial, { tokenId, profileId, profileVersion, profileUuid, retryAt: null, since: event.metadata.occurredAt });
          break;
        }
        case 'ProfileAssignmentFailed':
        case 'ProfileAssignmentThrottled': {
          const { profileId, profileVersion, profileUuid, retryAt } = event.data;
          if (retryAt === null) this.waiting.delete(serial);
          else this.waiting.set(serial, { tokenId, profileId, profileVersion, profileUuid, retryAt, since: event.metadata.occurredAt });
          break;
        }
        case 'DeviceAssignedToServer':
          // A device that moved to another server no longer waits for this one's profile.
          if (this.waiting.get(serial)?.tokenId !== tokenId) this.waiting.delete(serial);
          break;
        default:
          this.waiting.delete(serial);
      }
    }
  }
}
