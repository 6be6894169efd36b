import {
  DepledgerError,
  defaultTenant,
  depledgerSerde,
  scopeEventStore,
  tenantOfStore,
  ValidationError,
  type EventSerde,
  type EventStore,
} from '@depledger/core';
import { readModelsAsOf, type AsOf } from '../as-of/as-of';
import type { AnyProjection } from '../projection/projection';
import type { ReadModelStore, ReadModelVersion } from '../read-model-store/read-model-store';
import { scopeReadModels, tenantOfReadModels } from '../read-model-store/tenant-read-models';
import { catchUp, catchUpVersion } from './catch-up';
import { followLive, type LiveFollower } from './live-follower';
import type { RunnerContext } from './runner-context';

export type ProjectionRunnerOptions = Readonly<{
  eventStore: EventStore;
  readModels: ReadModelStore;
  /** The read models to keep up to date (e.g. `builtInProjections`, plus your own). */
  projections: readonly AnyProjection[];
  /** @defaultValue depledgerSerde */
  serde?: EventSerde;
  /** Events read per batch, and folded per commit into a live read model at most. @defaultValue 1000 */
  batchSize?: number;
  /**
   * Documents a rebuild holds in memory before it commits them, with the checkpoint reached, into
   * its fresh version (readers do not see that version until the switch, so it can commit seldom:
   * each document is written once per commit, however many events change it). The bound is on
   * documents, what a rebuild holds, rather than on events: a history shaped like the walk-through's
   * (four events per device, far apart in the log) rebuilds device status for 100,000 devices in one
   * commit instead of eight, and looks no document up in the fresh version before it (`depledger
   * rebuild device-status` of that store: 10 s → 6.3 s on a 2-core machine, peak RSS about the same,
   * ~450 MB). A fleet larger than the bound commits each time the documents held reach it.
   * @defaultValue 250,000
   */
  rebuildDocumentsHeld?: number;
  /**
   * Events folded per commit while a rebuild builds its fresh version, besides `rebuildDocumentsHeld`
   * (a commit follows whichever bound is reached first).
   * @defaultValue no bound: only `rebuildDocumentsHeld`
   */
  rebuildCommitSize?: number;
  /**
   * Events folded per commit while `catchUp` (or `start`) brings a live read model up to the head.
   * Readers see the read model at its last commit, so a catch-up of a long history (the first
   * command after a large sync) may commit less often: each document written once per commit
   * rather than once per batch, at the cost of holding that many events' documents in memory.
   * @defaultValue batchSize (a commit per batch)
   */
  catchUpCommitSize?: number;
  /** Called when following live stops on an error (the read model keeps its last good checkpoint). */
  onError?: (error: unknown, projectionName: string) => void;
}>;

export type ProjectionStatus = Readonly<{
  name: string;
  /** The live version readers are served (null: never built). */
  version: number | null;
  projectionVersion: number;
  checkpoint: number;
  following: boolean;
  error: unknown;
}>;

export type RebuildReport = Readonly<{
  name: string;
  previousVersion: number | null;
  version: number;
  checkpoint: number;
  durationMs: number;
}>;

export interface ProjectionRunner {
  /** Brings every read model to the store's head (as it is when called) and returns; when following live, waits for it. */
  catchUp(): Promise<void>;
  /** Catches up, then follows the store live until `stop()`. */
  start(): Promise<void>;
  /** Stops following live; what was received is folded first. */
  stop(): Promise<void>;
  /**
   * Rebuilds from position 0 into a fresh version, then switches readers over when it has caught
   * up; until then readers see the previous version. Without a name (or projection), rebuilds every read model.
   */
  rebuild(which?: string | AnyProjection): Promise<RebuildReport[]>;
  /**
   * The runner's read models as they were at a moment, built from history into a scratch in-memory
   * store (the live read models are not touched); every query helper works on it.
   */
  asOf(at: AsOf): Promise<ReadModelStore>;
  status(): Promise<ProjectionStatus[]>;
}

type Lane = {
  projection: AnyProjection;
  follower: LiveFollower | null;
  error: unknown;
  queue: Promise<unknown>;
  rebuilding: Promise<RebuildReport> | null;
};

/** The version a lane folds into, and whether it is a fresh build readers do not see yet. */
type Prepared = Readonly<{ lane: Lane; version: ReadModelVersion; fresh: boolean }>;

const waitFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs projections: catch-up from each read model's checkpoint, live following, rebuilds. */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const sizes = {
    batchSize: options.batchSize,
    rebuildCommitSize: options.rebuildCommitSize,
    rebuildDocumentsHeld: options.rebuildDocumentsHeld,
    catchUpCommitSize: options.catchUpCommitSize,
  };
  const badSizes = Object.entries(sizes).filter(([, size]) => size !== undefined && !(Number.isSafeInteger(size) && size >= 1));
  if (badSizes.length > 0) {
    throw new ValidationError(
      'projection runner options',
      badSizes.map(([path, size]) => ({ path, message: `must be a whole number, 1 or more (got ${String(size)})` })),
    );
  }
  // a tenant's store (a tenant's depledger.store) keeps its read models under the tenant's names,
  // whatever read-model store it is given: a runner cannot fold one organisation into another's
  const tenant = tenantOfStore(options.eventStore) ?? tenantOfReadModels(options.readModels) ?? defaultTenant;
  const context: RunnerContext = {
    eventStore: scopeEventStore(options.eventStore, tenant),
    readModels: scopeReadModels(options.readModels, tenant),
    serde: options.serde ?? depledgerSerde,
    batchSize: options.batchSize ?? 1000,
  };
  const { eventStore, readModels } = context;
  const rebuildCommitSize = options.rebuildCommitSize ?? Number.POSITIVE_INFINITY;
  const rebuildDocumentsHeld = options.rebuildDocumentsHeld ?? 250_000;
  const catchUpCommitSize = options.catchUpCommitSize ?? 0;
  const names = new Set<string>();
  for (const p of options.projections) {
    if (names.has(p.name))
      throw new DepledgerError('PROJECTION_DUPLICATE', `Two projections are named ${p.name}; give each read model its own name.`, {
        name: p.name,
      });
    names.add(p.name);
  }
  const lanes: Lane[] = options.projections.map((projection) => ({
    projection,
    follower: null,
    error: null,
    queue: Promise.resolve(),
    rebuilding: null,
  }));

  /** One operation at a time per read model; an operation on several waits for all of them. */
  const exclusive = <T>(chosen: readonly Lane[], operation: () => Promise<T>): Promise<T> => {
    const result = Promise.all(chosen.map((lane) => lane.queue)).then(operation);
    for (const lane of chosen) lane.queue = result.catch(() => undefined);
    return result;
  };

  /** The live version, unless it was built by another version of the projection: then a fresh one, switched to once caught up. */
  const prepare = async (lane: Lane): Promise<Prepared> => {
    const { projection } = lane;
    const live = await readModels.live(projection.name);
    if (live && live.projectionVersion === projection.version) return { lane, version: live, fresh: false };
    return { lane, version: await readModels.createVersion(projection.name, projection.version), fresh: true };
  };

  /** Prepares the lanes' versions and brings them all to the store's head (or `position`) in one pass. */
  const catchUpLanes = async (
    chosen: readonly Lane[],
    position?: number,
  ): Promise<Map<Lane, { version: ReadModelVersion; checkpoint: number }>> => {
    const prepared: Prepared[] = [];
    for (const lane of chosen) prepared.push(await prepare(lane));
    const checkpoints = await catchUp(
      context,
      prepared.map((p) => ({ projection: p.lane.projection, address: p.version, commitEvery: catchUpCommitSize, startsEmpty: p.fresh })),
      position === undefined ? {} : { position },
    );
    const reached = new Map<Lane, { version: ReadModelVersion; checkpoint: number }>();
    for (const [i, p] of prepared.entries()) {
      if (p.fresh) await readModels.switchTo(p.version);
      reached.set(p.lane, { version: p.version, checkpoint: checkpoints[i] as number });
    }
    return reached;
  };

  const follow = (lane: Lane, version: ReadModelVersion, from: number) => {
    lane.error = null;
    lane.follower = followLive(context, lane.projection, version, from, (error) => {
      lane.error = error;
      options.onError?.(error, lane.projection.name);
    });
  };

  /** Whether the follower has folded every event of its streams up to `head`. */
  const hasReached = async (lane: Lane, follower: LiveFollower, head: number): Promise<boolean> => {
    const checkpoint = follower.checkpoint();
    if (checkpoint >= head) return true;
    for await (const next of eventStore.readAll({ after: checkpoint, maxCount: 1, streamPrefixes: lane.projection.streamPrefixes })) {
      return next.position > head;
    }
    return true;
  };

  const waitForFollower = async (lane: Lane, follower: LiveFollower, head: number) => {
    while (!(await hasReached(lane, follower, head))) {
      if (follower.error() !== null) throw follower.error();
      await waitFor(1);
    }
  };

  /** Builds fresh versions of the lanes beside their live ones (one pass), then switches each over. */
  const rebuildLanes = async (chosen: readonly Lane[]): Promise<Map<Lane, RebuildReport>> => {
    const started = performance.now();
    const builds: { lane: Lane; previous: ReadModelVersion | null; fresh: ReadModelVersion; switched: boolean }[] = [];
    try {
      for (const lane of chosen) {
        const previous = await readModels.live(lane.projection.name);
        builds.push({
          lane,
          previous,
          fresh: await readModels.createVersion(lane.projection.name, lane.projection.version),
          switched: false,
        });
      }
      // 1. build beside the live versions, which readers (and the live feeds) keep using
      await catchUp(
        context,
        builds.map((b) => ({
          projection: b.lane.projection,
          address: b.fresh,
          commitEvery: rebuildCommitSize,
          holdUpTo: rebuildDocumentsHeld,
          startsEmpty: true,
        })),
      );
      // 2. per read model: stop following, fold what came meanwhile, switch, follow the new version
      const reports = new Map<Lane, RebuildReport>();
      for (const build of builds) {
        const { lane, fresh, previous } = build;
        const report = await exclusive([lane], async () => {
          const wasFollowing = lane.follower !== null;
          await lane.follower?.stop();
          lane.follower = null;
          const checkpoint = await catchUpVersion(context, lane.projection, fresh);
          await readModels.switchTo(fresh);
          build.switched = true;
          if (wasFollowing) follow(lane, fresh, checkpoint);
          return {
            name: lane.projection.name,
            previousVersion: previous?.version ?? null,
            version: fresh.version,
            checkpoint,
            durationMs: performance.now() - started,
          };
        });
        reports.set(lane, report);
      }
      return reports;
    } catch (error) {
      for (const build of builds) if (!build.switched) await readModels.discard(build.fresh).catch(() => undefined);
      throw error;
    }
  };

  const laneNamed = (name: string): Lane => {
    const lane = lanes.find((l) => l.projection.name === name);
    if (!lane) {
      throw new DepledgerError('PROJECTION_UNKNOWN', `There is no read model named ${name}. Known: ${[...names].join(', ')}.`, {
        name,
        known: [...names],
      });
    }
    return lane;
  };

  return {
    catchUp: async () => {
      const head = await eventStore.headPosition();
      const pulled = lanes.filter((lane) => lane.follower === null);
      if (pulled.length > 0) await exclusive(pulled, () => catchUpLanes(pulled, head));
      for (const lane of lanes) {
        const follower = lane.follower;
        if (follower) await waitForFollower(lane, follower, head);
      }
    },
    start: async () => {
      await exclusive(lanes, async () => {
        const starting = lanes.filter((lane) => lane.follower === null || lane.error !== null);
        for (const lane of starting) {
          // a follower stopped by an error is restarted from the last good checkpoint
          await lane.follower?.stop();
          lane.follower = null;
        }
        const reached = await catchUpLanes(starting);
        for (const [lane, { version, checkpoint }] of reached) follow(lane, version, checkpoint);
      });
    },
    stop: async () => {
      await exclusive(lanes, async () => {
        for (const lane of lanes) {
          await lane.follower?.stop();
          lane.follower = null;
        }
      });
    },
    rebuild: async (which) => {
      const chosen = which === undefined ? lanes : [laneNamed(typeof which === 'string' ? which : which.name)];
      // a rebuild asked for while one runs gets the running one's result
      const idle = chosen.filter((lane) => lane.rebuilding === null);
      if (idle.length > 0) {
        const group = rebuildLanes(idle);
        for (const lane of idle) {
          lane.rebuilding = group
            .then((reports) => reports.get(lane) as RebuildReport)
            .finally(() => {
              lane.rebuilding = null;
            });
        }
      }
      const running = chosen.map((lane) => lane.rebuilding as Promise<RebuildReport>);
      return Promise.all(running);
    },
    asOf: (at) => readModelsAsOf({ eventStore, projections: options.projections, at, serde: context.serde, batchSize: context.batchSize }),
    status: async () =>
      Promise.all(
        lanes.map(async (lane): Promise<ProjectionStatus> => {
          const live = await readModels.live(lane.projection.name);
          return {
            name: lane.projection.name,
            version: live?.version ?? null,
            projectionVersion: lane.projection.version,
            checkpoint: live ? await readModels.checkpoint(live) : 0,
            following: lane.follower !== null && lane.error === null,
            error: lane.error,
          };
        }),
      ),
  };
};
