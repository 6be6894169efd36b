import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineEvent, depledgerSerde, eventCatalogue, EventSerde, type StoredEvent } from '../index';

const fixture = JSON.parse(readFileSync(join(__dirname, '..', '__fixtures__', 'device-enrolled.v1.json'), 'utf8')) as {
  stored: StoredEvent;
};

describe('event serde', () => {
  it('stores versioned type names', () => {
    const encoded = depledgerSerde.encode({
      type: 'TokenRemoved',
      data: { tokenId: 'paris' },
      metadata: {
        eventId: 'e',
        occurredAt: '2026-01-01T00:00:00.000Z',
        actor: 'admin:a',
        correlationId: 'c',
        causationId: null,
        tokenId: 'paris',
      },
    });
    expect(encoded.type).toBe('TokenRemoved.v1');
  });

  it('upcasts an older stored version (from a stored-JSON fixture) to the current shape', () => {
    // Version 2 of DeviceEnrolled renamed the fields; stored v1 JSON must still read.
    const v2 = defineEvent({
      type: 'DeviceEnrolled',
      version: 2,
      aggregate: 'Device',
      description: 'test',
      schema: z.object({
        serial: z.string(),
        tokenId: z.string(),
        enrolledAt: z.string(),
        userRef: z.string().nullable(),
        profileUuid: z.string().nullable(),
      }),
      upcasters: {
        1: (d) => ({ serial: d.serial_number, tokenId: d.tokenId, enrolledAt: d.enrolled_at, userRef: null, profileUuid: null }),
      },
    });
    const serde = new EventSerde([...eventCatalogue.filter((d) => d.type !== 'DeviceEnrolled'), v2]);
    const event = serde.decode(fixture.stored);
    expect(event.type).toBe('DeviceEnrolled');
    expect(event.data).toEqual({
      serial: 'F17ABCDEFGH1',
      tokenId: 'paris',
      enrolledAt: '2026-01-07T09:00:00.000Z',
      userRef: null,
      profileUuid: null,
    });
    expect(v2.schema.safeParse(event.data).success).toBe(true);
    expect(event.metadata.actor).toBe('mdm:checkin');
    expect(event.position).toBe(42);
  });

  it('refuses to guess when an upcaster is missing, with a typed error', () => {
    const v3 = defineEvent({
      type: 'DeviceEnrolled',
      version: 3,
      aggregate: 'Device',
      description: 't',
      schema: z.object({}),
      upcasters: { 2: (d) => d },
    });
    const serde = new EventSerde([v3]);
    expect(() => serde.decode(fixture.stored)).toThrow(expect.objectContaining({ code: 'EVENT_UPCAST_MISSING' }));
  });

  it('reads events of unknown types and unknown fields tolerantly (history is never rejected)', () => {
    const stored = { ...fixture.stored, type: 'SomethingFromTheFuture.v7', data: { x: 1 } };
    expect(depledgerSerde.decode(stored)).toMatchObject({ type: 'SomethingFromTheFuture', data: { x: 1 } });
    const extra = { ...fixture.stored, type: 'TokenRemoved.v1', data: { tokenId: 'paris', addedLater: true } };
    expect(depledgerSerde.decode(extra).data).toEqual({ tokenId: 'paris', addedLater: true });
  });

  it('has a schema and a description for every event type, all distinct', () => {
    const types = eventCatalogue.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types.length).toBeGreaterThanOrEqual(30);
    for (const d of eventCatalogue) expect(d.description.length).toBeGreaterThan(10);
  });

  it('validates events from outside strictly, naming the field', () => {
    expect(() =>
      depledgerSerde.validate({
        type: 'TokenExpired',
        data: { tokenId: 'paris', expiredAt: 'yesterday' },
        metadata: {
          eventId: 'e',
          occurredAt: '2026-01-01T00:00:00.000Z',
          actor: 'a',
          correlationId: 'c',
          causationId: null,
          tokenId: null,
        },
      }),
    ).toThrow(/expiredAt/);
  });
});
