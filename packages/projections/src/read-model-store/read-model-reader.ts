import { documentAsRead, type AnyProjection, type DocumentOf } from '../projection/projection';
import type { ReadModelStore, ReadModelVersion } from './read-model-store';

/** Typed, read-only access to the live version of one projection's read model. */
export type ReadModelReader<Doc> = Readonly<{
  /** The live version, or `null` when the read model was never built (then it reads as empty). */
  version: ReadModelVersion | null;
  /** The global position the live version reflects (0 when never built). */
  checkpoint: () => Promise<number>;
  get: (key: string) => Promise<Doc | null>;
  /** Documents in key order, optionally only those whose key starts with `prefix`. */
  all: (options?: Readonly<{ prefix?: string }>) => Promise<Doc[]>;
}>;

/** Opens the live version of a projection's read model for reading. */
export const readModelOf = async <P extends AnyProjection>(
  readModels: ReadModelStore,
  projection: P,
): Promise<ReadModelReader<DocumentOf<P>>> => {
  const version = await readModels.live(projection.name);
  return {
    version,
    checkpoint: async () => (version ? readModels.checkpoint(version) : 0),
    get: async (key) => {
      if (!version) return null;
      return (documentAsRead(projection, (await readModels.getMany(version, [key])).get(key), key) as DocumentOf<P> | undefined) ?? null;
    },
    all: async (options = {}) => {
      const docs: DocumentOf<P>[] = [];
      if (!version) return docs;
      for await (const { key, doc } of readModels.list(version, options)) docs.push(documentAsRead(projection, doc, key) as DocumentOf<P>);
      return docs;
    },
  };
};
