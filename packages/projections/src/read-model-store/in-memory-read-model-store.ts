import { checkpointConflict, liveVersion, unknownVersion } from './read-model-errors';
import type { KeyedDocument, ListOptions, ReadModelAddress, ReadModelBatch, ReadModelStore, ReadModelVersion } from './read-model-store';

type VersionData = { projectionVersion: number; checkpoint: number; docs: Map<string, unknown> };
type NameData = { live: number | null; lastVersion: number; versions: Map<number, VersionData> };

/** Read models in memory: for tests, examples, `asOf` scratch copies and benchmarks. Documents are kept by reference. */
export const createInMemoryReadModelStore = (): ReadModelStore => {
  const names = new Map<string, NameData>();

  const nameData = (name: string): NameData => {
    let data = names.get(name);
    if (!data) names.set(name, (data = { live: null, lastVersion: 0, versions: new Map() }));
    return data;
  };
  const versionData = (address: ReadModelAddress): VersionData => {
    const data = names.get(address.name)?.versions.get(address.version);
    if (!data) throw unknownVersion(address);
    return data;
  };

  async function* list(address: ReadModelAddress, options: ListOptions = {}): AsyncGenerator<KeyedDocument> {
    const { docs } = versionData(address);
    const prefix = options.prefix ?? '';
    const { after } = options;
    // the store for tests and small fleets: a listing sorts the keys it keeps (the durable stores page through an index)
    const keys = [...docs.keys()].filter((k) => k.startsWith(prefix) && (after === undefined || k > after)).sort();
    for (const key of keys) {
      if (docs.has(key)) yield { key, doc: docs.get(key) };
    }
  }

  return {
    live: async (name) => {
      const data = names.get(name);
      const version = data?.live;
      if (!data || version === null || version === undefined) return null;
      const live = data.versions.get(version) as VersionData;
      return { name, version, projectionVersion: live.projectionVersion };
    },
    createVersion: async (name, projectionVersion): Promise<ReadModelVersion> => {
      const data = nameData(name);
      const version = ++data.lastVersion;
      data.versions.set(version, { projectionVersion, checkpoint: 0, docs: new Map() });
      return { name, version, projectionVersion };
    },
    checkpoint: async (address) => versionData(address).checkpoint,
    getMany: async (address, keys) => {
      const { docs } = versionData(address);
      const found = new Map<string, unknown>();
      for (const key of keys) {
        const doc = docs.get(key);
        if (doc !== undefined) found.set(key, doc);
      }
      return found;
    },
    list,
    commit: async (address, batch: ReadModelBatch) => {
      const data = versionData(address);
      if (data.checkpoint !== batch.expectedCheckpoint || batch.checkpoint < batch.expectedCheckpoint) {
        throw checkpointConflict(address, batch.expectedCheckpoint, data.checkpoint, batch.checkpoint);
      }
      for (const { key, doc } of batch.changes) {
        if (doc === null || doc === undefined) data.docs.delete(key);
        else data.docs.set(key, doc);
      }
      data.checkpoint = batch.checkpoint;
    },
    switchTo: async (address) => {
      versionData(address);
      const data = nameData(address.name);
      data.live = address.version;
      for (const version of [...data.versions.keys()]) if (version < address.version) data.versions.delete(version);
    },
    discard: async (address) => {
      const data = names.get(address.name);
      if (data?.live === address.version) throw liveVersion(address);
      data?.versions.delete(address.version);
    },
  };
};
