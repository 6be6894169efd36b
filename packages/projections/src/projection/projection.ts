import { ValidationError, type Event, type RecordedEvent } from '@depledger/core';
import type { DepledgerEvent } from './depledger-event';

/** The document(s) an event touches: one key, several, or none (`null`: the event is not for this read model). */
export type DocumentKeys = string | readonly string[] | null;

/**
 * A read model as a user writes it: documents by key, each one a pure fold of the events that
 * name its key. The runner, rebuild and `asOf` work the same for every projection.
 *
 *   const lastSeen = defineProjection<{ at: string }>({
 *     name: 'last-seen', version: 1, streamPrefixes: [streamPrefixes.device],
 *     keyOf: (event) => (event.data as { serial: string }).serial,
 *     evolve: (_doc, event) => ({ at: event.metadata.occurredAt }),
 *   });
 */
export type ProjectionDefinition<Doc, E extends Event = DepledgerEvent> = Readonly<{
  /** Stable identifier of the read model: lowercase letters, digits and dashes. */
  name: string;
  /** Bump it when `evolve` changes meaning: the runner then rebuilds the read model into a fresh copy. */
  version: number;
  /** Only events of streams starting with one of these are read (the store filters). @defaultValue every stream */
  streamPrefixes?: readonly string[];
  /** Only these event types reach `keyOf` / `evolve`. @defaultValue every type */
  eventTypes?: readonly E['type'][];
  /** Which documents the event changes. Must be pure. */
  keyOf: (event: RecordedEvent<E>) => DocumentKeys;
  /**
   * The document after the event; `null` deletes it. Must be pure and must not mutate `doc`
   * (return a new object): documents are shared with readers. `key` tells which document, for
   * events that touch several.
   */
  evolve: (doc: Doc | null, event: RecordedEvent<E>, key: string) => Doc | null;
  /**
   * How a document is kept in a read-model store, when not as it is: `write` gives what is stored
   * (leaner: no nulls, nothing said twice), `read` the document again from what is stored under
   * `key` — from what `write` gave and from a document stored whole (written before, or by a store
   * that folds without it). Readers, the runner and `evolve` only ever see documents as read.
   * @defaultValue documents are stored as they are
   */
  storedForm?: Readonly<{ write: (doc: Doc) => unknown; read: (stored: unknown, key: string) => Doc }>;
}>;

export type Projection<Doc = unknown, E extends Event = DepledgerEvent> = ProjectionDefinition<Doc, E> &
  Readonly<{ handles: (type: string) => boolean }>;

/** A projection of any document type, as the runner holds them. */
export type AnyProjection = Projection<any, any>;

/** The document type of a projection. */
export type DocumentOf<P> = P extends Projection<infer Doc, infer _E> ? Doc : never;

const namePattern = /^[a-z][a-z0-9-]{0,62}$/;

/** Checks a projection definition and returns it ready for the runner. */
export const defineProjection = <Doc, E extends Event = DepledgerEvent>(definition: ProjectionDefinition<Doc, E>): Projection<Doc, E> => {
  const issues: { path: string; message: string }[] = [];
  if (!namePattern.test(definition.name))
    issues.push({ path: 'name', message: 'lowercase letters, digits and dashes, starting with a letter' });
  if (!Number.isInteger(definition.version) || definition.version < 1) issues.push({ path: 'version', message: 'a whole number from 1' });
  if (issues.length > 0) throw new ValidationError(`projection ${definition.name}`, issues, 'PROJECTION_INVALID');
  const types = definition.eventTypes ? new Set<string>(definition.eventTypes) : null;
  return Object.freeze({ ...definition, handles: types ? (type: string) => types.has(type) : () => true });
};

/** The keys of `keyOf`'s answer, as a list. */
export const keysOf = (keys: DocumentKeys): readonly string[] => (keys === null ? [] : typeof keys === 'string' ? [keys] : keys);

/** A document as the projection's read model stores it (see `storedForm`). */
export const storedDocument = (projection: AnyProjection, doc: unknown): unknown =>
  projection.storedForm === undefined || doc === null ? doc : projection.storedForm.write(doc);

/** A document as read from the projection's read model (see `storedForm`): absent stays undefined. */
export const documentAsRead = (projection: AnyProjection, stored: unknown, key: string): unknown =>
  projection.storedForm === undefined || stored === undefined || stored === null ? stored : projection.storedForm.read(stored, key);
