import { isDepledgerError } from '../errors/depledger-error';
import type { Event } from '../events/event';
import type { AppendResult, EventStore, StreamWrite } from '../ports/event-store';
import type { EventSerde } from '../serde/event-serde';
import { handleCommand } from './command-handler';
import type { Command, Decider } from './decider';

/**
 * Writes of several command batches held back and appended together, in one atomic
 * `appendToStreams` call (one transaction on SQLite and PostgreSQL): a sync run stages a page's
 * device facts and its default-profile requests, and writes them at once before the page record.
 * A stream staged twice gets its events merged into one write, expecting the revision it was first
 * staged at. Nothing staged is visible to readers before `flush`; dropping the stage (a run that
 * fails before flushing) writes nothing, like a crash.
 */
export type StagedWrites<C extends Command> = Readonly<{
  /**
   * Stages decided writes (with the command each came from, in case they must be decided again) and
   * answers as the store would have if nothing else wrote meanwhile. A write that does not follow
   * what is staged for its stream flushes the stage first and is then appended at once.
   */
  add(writes: readonly StreamWrite[], commands: readonly C[]): Promise<AppendResult[]>;
  /**
   * Appends everything staged in one call. When another writer got to one of the streams first, the
   * staged commands are handled again one by one, in order, each on a fresh read (with retries);
   * `onRedecided` is then told which streams' held states are stale.
   */
  flush(): Promise<void>;
  /** How many streams are staged. */
  size(): number;
}>;

type Staged = {
  write: { streamName: string; events: StreamWrite['events'][number][]; expectedRevision: StreamWrite['expectedRevision'] };
  head: number;
};

export const createStagedWrites = <State, C extends Command, E extends Event>(
  store: EventStore,
  serde: EventSerde,
  decider: Decider<State, C, E>,
  onRedecided: (streamNames: readonly string[]) => void,
): StagedWrites<C> => {
  let staged = new Map<string, Staged>();
  let commands: { streamName: string; command: C }[] = [];

  const flush = async (): Promise<void> => {
    if (staged.size === 0) return;
    const writes = [...staged.values()].map((s) => s.write);
    const order = commands;
    staged = new Map();
    commands = [];
    const append = store.appendToStreams;
    try {
      if (append === undefined) throw new Error('unreachable: staging needs appendToStreams');
      await append.call(store, writes);
    } catch (error) {
      if (!isDepledgerError(error, 'CONCURRENCY_CONFLICT')) throw error;
      onRedecided(writes.map((w) => w.streamName));
      for (const { streamName, command } of order) {
        try {
          await handleCommand(store, serde, decider, streamName, command, { retries: 3 });
        } catch (refusal) {
          // the device changed under the run (another writer): its decider's answer on the fresh state stands
          if (!isDepledgerError(refusal) || isDepledgerError(refusal, 'CONCURRENCY_CONFLICT')) throw refusal;
        }
      }
    }
  };

  return {
    async add(writes, forWrites) {
      const follows = writes.every((w) => {
        const s = staged.get(w.streamName);
        return s === undefined || w.expectedRevision === s.head;
      });
      if (!follows) {
        await flush();
        const append = store.appendToStreams;
        if (append === undefined) throw new Error('unreachable: staging needs appendToStreams');
        return append.call(store, writes);
      }
      return writes.map((w, index) => {
        const s = staged.get(w.streamName);
        const base = s?.head ?? (typeof w.expectedRevision === 'number' ? w.expectedRevision : -1);
        const head = base + w.events.length;
        if (s === undefined)
          staged.set(w.streamName, {
            write: { streamName: w.streamName, events: [...w.events], expectedRevision: w.expectedRevision },
            head,
          });
        else {
          s.write.events.push(...w.events);
          s.head = head;
        }
        commands.push({ streamName: w.streamName, command: forWrites[index] as C });
        return { nextExpectedRevision: head, lastPosition: 0, appended: w.events.length };
      });
    },
    flush,
    size: () => staged.size,
  };
};
