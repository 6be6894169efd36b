import { DepledgerError, isDepledgerError } from '../errors/depledger-error';
import { ValidationError } from '../errors/validation-error';
import type { Clock } from '../ports/clock';
import type { EventStore, StoredEvent, Subscription } from '../ports/event-store';
import type { RunLeaseStore } from '../ports/run-leases';
import type { EventSerde } from '../serde/event-serde';
import type { ConsumableEventType, ConsumedEvent } from './consumed-event';
import { createInMemoryConsumerCheckpoints, type ConsumerCheckpoint, type ConsumerCheckpointStore } from './consumer-checkpoints';
import type { ConsumeOptions } from './consumer-options';
import { holdConsumerLease, type ConsumerLeaseOptions } from './consumer-lease';
import { consumerStream, deadLetteredEvent, readDeadLetters, replayedEvent, type DeadLetter } from './dead-letters';
import { backoffDelay, waitUnlessAborted } from './retry-backoff';
import { consumedStreams } from './consumed-streams';

/** How a consumer ended: stopped when asked, or failed (its store or its checkpoint store failed). */
export type ConsumerEnd = Readonly<{ state: 'stopped' }> | Readonly<{ state: 'failed'; error: unknown }>;

/** A running durable consumer. */
export interface Consumer {
  readonly name: string;
  /** Resolves once every event stored when it was called has been handled or set aside (rejects if the consumer ends first). */
  caughtUp(): Promise<void>;
  /** The position of the last event this consumer is done with (handled, set aside or not wanted). */
  position(): number;
  /** Its dead letters, oldest first, each with `replayedAt` once a replay succeeded. */
  deadLetters(): Promise<DeadLetter[]>;
  /**
   * Hands a dead letter to the handler once more (outside the consumer's order); records the replay
   * when the handler succeeds, and throws the handler's error, recording nothing, when it fails.
   */
  replay(position: number): Promise<void>;
  /** Stops after the event in hand (a wait between attempts is cut short and that event comes again next time) and stores the checkpoint. */
  stop(): Promise<void>;
  /** Settles when the consumer ends; never rejects. */
  readonly done: Promise<ConsumerEnd>;
}

export type ConsumerContext = Readonly<{
  store: EventStore;
  serde: EventSerde;
  clock: Clock;
  checkpoints?: ConsumerCheckpointStore;
  /** Where `lease` keeps consumers' leases unless it names its own. */
  leases?: RunLeaseStore;
}>;

/** The lease options checked, with the lease store they use; null when the consumer takes no lease. */
const leaseOf = (
  name: string,
  options: ConsumeOptions<ConsumableEventType>,
  context: ConsumerContext,
): (ConsumerLeaseOptions & { leases: RunLeaseStore }) | null => {
  if (options.lease === undefined) return null;
  const leases = options.lease.leases ?? context.leases;
  const issues = [
    ...(typeof options.lease.holder === 'string' && options.lease.holder.length > 0
      ? []
      : [{ path: 'lease.holder', message: 'must name this process (a non-empty string, different on every node)' }]),
    ...(options.lease.ttlMs === undefined || (Number.isSafeInteger(options.lease.ttlMs) && options.lease.ttlMs >= 3)
      ? []
      : [{ path: 'lease.ttlMs', message: 'must be a whole number of milliseconds, at least 3' }]),
    ...(leases !== undefined
      ? []
      : [{ path: 'lease.leases', message: `this store keeps no leases: give consumer ${name} a lease store (a RunLeaseStore)` }]),
  ];
  if (issues.length > 0) throw new ValidationError('consumer', issues);
  return { ...options.lease, leases: leases as RunLeaseStore };
};

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Positions passed over without a wanted event are stored at most this far apart. */
const skippedPerCheckpoint = 256;

/** Starts a durable consumer: see {@link ConsumeOptions}. */
export const startConsumer = <T extends ConsumableEventType>(
  context: ConsumerContext,
  name: string,
  options: ConsumeOptions<T>,
): Consumer => {
  if (!namePattern.test(name)) {
    throw new ValidationError('consumer', [
      { path: 'name', message: 'use 1 to 100 letters, digits, dots, dashes or underscores, starting with a letter or digit' },
    ]);
  }
  const startAfter = options.startAfter ?? 0;
  if (!Number.isSafeInteger(startAfter) || startAfter < 0) {
    throw new ValidationError('consumer', [{ path: 'startAfter', message: 'must be a position (a whole number of at least 0)' }]);
  }
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new ValidationError('consumer', [{ path: 'maxAttempts', message: 'must be a whole number of at least 1' }]);
  }
  const { store, serde, clock } = context;
  const lease = leaseOf(name, options, context);
  const checkpoints = options.checkpoints ?? context.checkpoints ?? createInMemoryConsumerCheckpoints();
  const { streamPrefixes, wants } = consumedStreams(serde, options.types);
  const aborter = new AbortController();
  let subscription: Subscription | undefined;
  let lastDone = -1;
  let ended: ConsumerEnd | undefined;
  let wake: () => void = () => undefined;
  let progress = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    const resolve = wake;
    progress = new Promise<void>((next) => (wake = next));
    resolve();
  };

  /** 'done' when handled or set aside, 'stopped' when a stop came before it was done. */
  const deliver = async (stored: StoredEvent, halted: AbortSignal): Promise<'done' | 'stopped'> => {
    let failure: unknown;
    let attempts = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      attempts = attempt;
      try {
        await options.handle(serde.decode(stored) as ConsumedEvent<T>);
        return 'done';
      } catch (error) {
        failure = error;
        const last = attempt === maxAttempts || isDepledgerDecodeError(error);
        options.onFailure?.({
          consumer: name,
          position: stored.position,
          eventId: stored.metadata.eventId,
          eventType: stored.type,
          attempt,
          error,
          deadLettered: last,
        });
        if (last) break;
        if (!(await waitUnlessAborted(backoffDelay(attempt, options.backoff), halted))) return 'stopped';
      }
    }
    await store.appendToStream(consumerStream(name), [deadLetteredEvent(name, stored, attempts, failure, clock.now())], {
      expectedRevision: 'any',
    });
    return 'done';
  };

  /** Delivers from the stored checkpoint until stopped, or until `lost` says another node took the lease over. */
  const follow = async (lost: AbortSignal | undefined): Promise<void> => {
    const halted = lost === undefined ? aborter.signal : AbortSignal.any([aborter.signal, lost]);
    let checkpoint: ConsumerCheckpoint = await checkpoints.get(name);
    if (checkpoint.position < startAfter) checkpoint = await checkpoints.set(name, startAfter, checkpoint);
    lastDone = checkpoint.position;
    notify();
    let skipped = 0;
    const save = async () => {
      if (lastDone > checkpoint.position) checkpoint = await checkpoints.set(name, lastDone, checkpoint);
      skipped = 0;
    };
    if (halted.aborted) return;
    const feed = store.subscribe({ after: checkpoint.position, streamPrefixes });
    subscription = feed;
    const closeFeed = () => void feed.close();
    lost?.addEventListener('abort', closeFeed, { once: true });
    try {
      for await (const stored of feed) {
        if (!wants(stored.type)) {
          lastDone = stored.position;
          if (++skipped >= skippedPerCheckpoint) await save();
          notify();
          continue;
        }
        if ((await deliver(stored, halted)) === 'stopped') break;
        lastDone = stored.position;
        await save();
        notify();
        if (halted.aborted) break;
      }
    } finally {
      lost?.removeEventListener('abort', closeFeed);
      await feed.close();
    }
    // a node that lost the lease stores nothing more: the one that took it over moves the checkpoint now
    if (lost?.aborted !== true) await save();
  };

  const run = async (): Promise<void> => {
    if (lease === null) return follow(undefined);
    for (;;) {
      const held = await holdConsumerLease(name, lease, clock, aborter.signal);
      if (held === null) return; // stopped while another node delivered
      let overtaken = false;
      try {
        await follow(held.lost);
      } catch (error) {
        // The checkpoint moved under this node: another one holds the lease now (this one's lapsed
        // while it was busy), or held it a moment ago. Not a failure of the consumer: wait for the lease again.
        if (!isDepledgerError(error, 'CONCURRENCY_CONFLICT')) throw error;
        overtaken = true;
      } finally {
        await held.release();
      }
      if (aborter.signal.aborted || (!held.lost.aborted && !overtaken)) return;
      // another node took the lease over: wait for it to come back here (after a pause, when this node released it)
      if (overtaken && !(await waitUnlessAborted(Math.max(1, Math.floor((lease.ttlMs ?? 10_000) / 3)), aborter.signal))) return;
    }
  };

  const done: Promise<ConsumerEnd> = run().then(
    () => (ended = { state: 'stopped' }),
    (error: unknown) => (ended = { state: 'failed', error }),
  );
  void done.then(notify);

  const endedError = (end: ConsumerEnd): unknown =>
    end.state === 'failed'
      ? end.error
      : new DepledgerError('CONSUMER_STOPPED', `Consumer ${name} was stopped before it caught up.`, { consumer: name });

  const caughtUp = async (): Promise<void> => {
    const head = await store.headPosition();
    for (;;) {
      const next = progress;
      if (lastDone >= head) return;
      if (ended) throw endedError(ended);
      if (lastDone >= 0) {
        let pending = false;
        for await (const stored of store.readAll({ after: lastDone, streamPrefixes, maxCount: 1 })) pending = stored.position <= head;
        if (!pending) return;
      }
      await next;
    }
  };

  const replay = async (position: number): Promise<void> => {
    const letter = (await readDeadLetters(store, name)).find((l) => l.position === position);
    if (!letter) {
      throw new DepledgerError(
        'CONSUMER_DEAD_LETTER_UNKNOWN',
        `Consumer ${name} has no dead letter at position ${position}; list them with deadLetters().`,
        { consumer: name, position },
      );
    }
    if (letter.replayedAt !== null) {
      throw new DepledgerError(
        'CONSUMER_DEAD_LETTER_REPLAYED',
        `The dead letter at position ${position} of consumer ${name} was replayed at ${letter.replayedAt}.`,
        {
          consumer: name,
          position,
        },
      );
    }
    let stored: StoredEvent | undefined;
    for await (const event of store.readAll({ after: position - 1, maxCount: 1 })) stored = event;
    if (!stored || stored.position !== position || stored.metadata.eventId !== letter.eventId) {
      throw new DepledgerError('CONSUMER_DEAD_LETTER_MISSING', `The event set aside at position ${position} is no longer in the store.`, {
        consumer: name,
        position,
      });
    }
    await options.handle(serde.decode(stored) as ConsumedEvent<T>);
    await store.appendToStream(consumerStream(name), [replayedEvent(name, stored, clock.now())], { expectedRevision: 'any' });
  };

  return {
    name,
    caughtUp,
    position: () => Math.max(lastDone, 0),
    deadLetters: () => readDeadLetters(store, name),
    replay,
    stop: async () => {
      aborter.abort();
      await subscription?.close();
      await done;
    },
    done,
  };
};

/** A stored event this code cannot decode fails the same way on every attempt: it is set aside at once. */
const isDepledgerDecodeError = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'EVENT_UPCAST_MISSING';
