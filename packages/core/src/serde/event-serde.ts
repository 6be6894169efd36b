import { ValidationError } from '../errors/validation-error';
import type { Event, RecordedEvent } from '../events/event';
import type { StoredEvent, StoredEventInput } from '../ports/event-store';
import type { EventDefinition } from './event-catalogue';

type Parsed = { type: string; version: number; definition: EventDefinition | undefined; current: boolean };

/**
 * Encodes domain events to their stored form (versioned type name) and decodes stored events back,
 * upcasting older versions on the way. Decoding is tolerant: unknown fields are kept, old versions
 * are upcast, and an event type this code does not know is passed through unchanged (history is
 * never rejected; deciders ignore what they do not know).
 */
export class EventSerde {
  private readonly byType = new Map<string, EventDefinition>();
  private readonly storedNames = new Map<string, Parsed>();

  constructor(definitions: readonly EventDefinition[]) {
    for (const definition of definitions) this.byType.set(definition.type, definition);
  }

  definitions(): EventDefinition[] {
    return [...this.byType.values()];
  }

  definition(type: string): EventDefinition | undefined {
    return this.byType.get(type);
  }

  encode(event: Event): StoredEventInput {
    const definition = this.byType.get(event.type);
    const version = definition ? definition.version : 1;
    return { type: `${event.type}.v${version}`, data: event.data, metadata: event.metadata };
  }

  decode<E extends Event = Event>(stored: StoredEvent): RecordedEvent<E> {
    const parsed = this.storedNames.get(stored.type) ?? this.parseName(stored.type);
    return {
      type: parsed.type,
      data: parsed.current ? stored.data : this.upcast(stored, parsed),
      metadata: stored.metadata,
      streamName: stored.streamName,
      revision: stored.revision,
      position: stored.position,
    } as unknown as RecordedEvent<E>;
  }

  private upcast(stored: StoredEvent, { type, version, definition }: Parsed): unknown {
    let data = stored.data as Record<string, unknown>;
    if (!definition || version >= definition.version) return data;
    for (let v = version; v < definition.version; v++) {
      const upcast = definition.upcasters?.[v];
      if (!upcast) {
        throw new ValidationError(
          `stored event ${stored.type} at ${stored.streamName}@${stored.revision}`,
          [{ path: 'type', message: `no upcaster from v${v} to v${v + 1}; add one to the ${type} definition` }],
          'EVENT_UPCAST_MISSING',
        );
      }
      data = upcast(data);
    }
    return data;
  }

  /** Strictly validates an event's data against its schema: for events that come from outside. */
  validate(event: Event): void {
    const definition = this.byType.get(event.type);
    if (!definition) throw new ValidationError('event', [{ path: 'type', message: `unknown event type ${event.type}` }]);
    const result = definition.schema.safeParse(event.data);
    if (!result.success) {
      throw new ValidationError(
        `${event.type} event`,
        result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
  }

  private parseName(stored: string): Parsed {
    const cached = this.storedNames.get(stored);
    if (cached) return cached;
    const match = /^(.*)\.v(\d+)$/.exec(stored);
    const type = match ? (match[1] as string) : stored;
    const version = match ? Number(match[2]) : 1;
    const definition = this.byType.get(type);
    const parsed = { type, version, definition, current: !definition || version >= definition.version };
    this.storedNames.set(stored, parsed);
    return parsed;
  }
}
