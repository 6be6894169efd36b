import type { StoredEventInput } from '@depledger/core';
import { createProjectionRunner, deviceStatusProjection, listDevices } from '@depledger/projections';
import { openSqliteStore } from './index';
import { tempDirectory } from './testing/temp-directory';

/**
 * What a device costs on disk after the walk-through's sync with a default profile (step 5, then
 * step 7): its four events (assigned to the server, assignment requested, assignment succeeded,
 * details changed) and its device-status document, with every index and the streams table. A size
 * check on a fixed history (same devices, same events, same ids), not a timing: SQLite lays the same
 * rows out the same way. Bound: issue 18 measured 3.29 KiB per device; this history measures
 * 2.49 KiB (2.40 KiB was counted before without the streams table and the key indexes).
 */
const devices = 1000;
const runId = '61ca1042-0557-4e12-bebd-1216e1c1aa8b';
const profileUuid = '7C28BE93C9F6E04285E7BE48EF379A02';
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
const serialOf = (i: number): string => `F4HU${hex(i, 8).toUpperCase()}`;
const at = (second: number): string => new Date(Date.UTC(2026, 11, 6, 21, 12, second % 60, 385)).toISOString();

const historyOf = (i: number): StoredEventInput[] => {
  const serial = serialOf(i);
  const facts = { serial, tokenId: 'paris' };
  const assignment = { ...facts, profileId: 'corp', profileVersion: 1, profileUuid };
  const event = (k: number, type: string, data: object): StoredEventInput => ({
    type,
    data,
    metadata: {
      eventId: `${hex(i, 8)}-0000-4000-8000-${hex(k, 12)}`,
      occurredAt: at(k),
      actor: 'system:sync',
      correlationId: runId,
      causationId: null,
      tokenId: 'paris',
    },
  });
  return [
    event(0, 'DeviceAssignedToServer.v1', {
      ...facts,
      details: {
        model: 'iPad Air',
        description: 'IPAD AIR WI-FI 64GB SPACE GRAY-USA',
        color: 'SPACE GRAY',
        assetTag: null,
        os: 'iPadOS',
        family: 'iPad',
        profileStatus: 'empty',
        profileUuid: null,
        profileAssignedAt: null,
        profilePushedAt: null,
        assignedAt: '2026-12-06T21:12:44Z',
        assignedByRef: 'vault:admin-email:6Ct9WEX9ApWha9BZq7tTkF0TPZejLURh',
      },
      operation: 'fetched',
      operationDate: '2026-12-06T21:12:47Z',
      runId,
    }),
    event(1, 'ProfileAssignmentRequested.v1', { ...assignment, reason: 'default_profile' }),
    event(2, 'ProfileAssignmentSucceeded.v1', assignment),
    event(3, 'DeviceDetailsChanged.v2', {
      ...facts,
      changes: { profileAssignedAt: '2026-12-06T21:12:48Z' },
      operation: 'modified',
      operationDate: '2026-12-06T21:12:48Z',
      runId,
    }),
  ];
};

/** Every table and index that grows with the devices (the other tables hold a page each, whatever the fleet). */
const perDevice = [
  'events',
  'events_event_id',
  'events_stream_id_revision',
  'streams',
  'sqlite_autoindex_streams_1',
  'read_model_documents',
  'read_model_documents_key',
];

describe('bytes stored per device', () => {
  it('keeps a device of the default-profile sync (its events, indexes and document) in less than 2.6 KiB', async () => {
    const directory = tempDirectory('stored-bytes');
    try {
      const store = openSqliteStore({
        path: directory.file('depledger.db'),
        readModelsInAppends: { projections: [deviceStatusProjection] },
      });
      const runner = createProjectionRunner({
        eventStore: store.events,
        readModels: store.readModels,
        projections: [deviceStatusProjection],
      });
      await runner.catchUp(); // live and caught up: the appends keep it current
      for (let page = 0; page < devices; page += 100) {
        const writes = Array.from({ length: 100 }, (_, j) => ({
          streamName: `dep-device-${serialOf(page + j)}`,
          events: historyOf(page + j),
          expectedRevision: 'no_stream' as const,
        }));
        await store.events.appendToStreams!(writes);
      }
      // the documents were written in the appends (nothing left to catch up), and read back whole
      const live = await store.readModels.live(deviceStatusProjection.name);
      expect(await store.readModels.checkpoint(live!)).toBe(await store.events.headPosition());
      const listed = await listDevices(store.readModels, { tokenId: 'paris' });
      expect(listed).toHaveLength(devices);
      expect(listed[0]).toMatchObject({ serial: serialOf(0), status: 'not_contacted', enrolledAt: null, profile: { uuid: profileUuid } });
      // nothing else grows with the devices (a table or index added later joins the list)
      const grown = store.database.connection.prepare('SELECT name FROM dbstat GROUP BY name HAVING count(*) > 2').pluck().all();
      expect(grown.filter((name) => !perDevice.includes(name as string))).toEqual([]);
      const bytes = store.database.connection
        .prepare(`SELECT sum(pgsize) FROM dbstat WHERE name IN (${perDevice.map(() => '?').join(', ')})`)
        .pluck()
        .get(...perDevice) as number;
      await store.close();
      process.stdout.write(`bytes per device: ${bytes / devices}\n`);
      expect(bytes / devices).toBeLessThan(2.6 * 1024);
    } finally {
      directory.remove();
    }
  });
});
