import fc from 'fast-check';
import { createAppleGateway } from '@depledger/apple';
import {
  createSyncEngine,
  depledgerSerde,
  handleCommand,
  manualClock,
  tokenDecider,
  tokenStream,
  type EventStore,
  type SyncEngine,
  type SyncRunResult,
  type TokenCommand,
} from '@depledger/core';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';
import { startLoopbackApple, type CannedAnswer, type LoopbackApple } from './loopback-apple';
import { scratch, seedFrom } from './support';

/**
 * Issue 10, "Bad input": whatever Apple's device endpoints answer — truncated JSON, wrong types,
 * huge pages, unknown fields, wrong dates, empty cursors, error statuses, dropped sockets — a sync
 * run through the real gateway (real HTTP on loopback, a real SQLite file) ends as a result with a
 * typed error or tolerates it: it never throws, never appends part of a page, and every event it
 * stores is valid against its own schema.
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const seed = seedFrom('DEPLEDGER_FUZZ_SEED');
const RUNS = Number(process.env.DEPLEDGER_FUZZ_RUNS ?? 150);
const clock = manualClock(new Date('2026-03-01T09:00:00.000Z'));

let apple: LoopbackApple;
let db: SqliteStore;
let engine: SyncEngine;
let tokens = 0;
const tmp = scratch('bad-apple');
const figures = { cases: 0, completed: 0, failed: 0, codes: new Map<string, number>() };

/** A fresh active token, so every case starts from "no cursor": its first call is a fetch. */
const newToken = async (store: EventStore): Promise<string> => {
  const tokenId = `t${++tokens}`;
  const command = (c: Omit<TokenCommand, 'metadata'>) =>
    handleCommand(store, depledgerSerde, tokenDecider, tokenStream(tokenId), {
      ...c,
      metadata: { now: clock.now(), actor: 'admin:fuzz' },
    } as TokenCommand);
  await command({
    type: 'IssueEncryptionKey',
    data: {
      tokenId,
      keyId: 'k1',
      certificatePem: 'PEM',
      fingerprint: 'C'.repeat(64),
      privateKeyRef: 'vault:private-key:k1',
      notAfter: '2099-01-01T00:00:00.000Z',
    },
  });
  await command({
    type: 'UploadServerToken',
    data: {
      tokenId,
      keyId: 'k1',
      consumerKey: `CK_${tokenId}`,
      accessTokenExpiry: '2099-01-01T00:00:00.000Z',
      appleIdRef: 'vault:apple-id:fuzz',
      oauthSecretsRef: 'vault:oauth-secrets:fuzz',
    },
  });
  return tokenId;
};

beforeAll(async () => {
  apple = await startLoopbackApple();
  db = openSqliteStore({ path: tmp.file('depledger.db'), vaultKey: Buffer.alloc(32, 4) });
  const gateway = createAppleGateway({
    baseUrl: apple.url,
    userAgent: 'depledger-fuzz/1.0',
    credentials: async () => ({ consumerKey: 'CK', consumerSecret: 'CS', accessToken: 'AT', accessSecret: 'AS' }),
    // One attempt per call, so each canned answer is one page (retries are apple-faults' subject).
    retry: { maxAttempts: 1 },
    sleep: async () => {},
    // No canned answer hangs: the limit only has to outlast a slow, busy machine reading the 20 000-device page.
    attemptTimeoutMs: 60_000,
  });
  engine = createSyncEngine({ store: db.events, gateway, vault: db.vault, clock, pageLimit: 50, deadlineCheckIntervalMs: 1_000 });
});

afterAll(async () => {
  await apple.close();
  await db.close();
  tmp.remove();
  if (process.env.DEPLEDGER_RELIABILITY_FIGURES)
    process.stdout.write(`${JSON.stringify({ seed, ...figures, codes: Object.fromEntries(figures.codes) })}\n`);
});

type Outcome = Readonly<{ result: SyncRunResult; appended: { streamName: string; type: string; data: unknown }[]; served: CannedAnswer[] }>;

/** One sync run of a fresh token against these answers; what it returned and what it stored. */
const syncAgainst = async (answers: readonly CannedAnswer[]): Promise<Outcome> => {
  const tokenId = await newToken(db.events);
  apple.queue.length = 0;
  apple.served.length = 0;
  apple.queue.push(...answers);
  const head = await db.events.headPosition();
  const result = await engine.run(tokenId, { kind: 'full', trigger: 'manual' });
  const appended: Outcome['appended'] = [];
  for await (const e of db.events.readAll({ after: head })) appended.push({ streamName: e.streamName, type: e.type, data: e.data });
  figures.cases += 1;
  if (result.status === 'completed') figures.completed += 1;
  else figures.failed += 1;
  const code = result.error?.code ?? result.status;
  figures.codes.set(code, (figures.codes.get(code) ?? 0) + 1);
  return { result, appended, served: [...apple.served] };
};

/** What must hold whatever Apple answered. */
type PageSerial = Readonly<{ serial: string; deleted: boolean }>;

/**
 * What must hold whatever Apple answered. `pageOf` gives the devices of an answer the client can
 * read as a page (null for anything else): the answers actually served are matched, in order, with
 * the pages the run recorded (an answer may be replayed or skipped by a cursor reset).
 */
const checkInvariants = ({ result, appended, served }: Outcome, pageOf: (answer: CannedAnswer) => readonly PageSerial[] | null) => {
  const pages = served.map(pageOf).filter((p): p is readonly PageSerial[] => p !== null);
  const readable = new Set(served.flatMap((a) => (pageOf(a) ?? []).map((r) => `dep-device-${r.serial}`)));
  expect(['completed', 'failed']).toContain(result.status);
  if (result.status === 'failed') expect(result.error?.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  // Every stored event is valid against its catalogue schema; the only events outside the catalogue
  // are the Sync state's snapshots (bookkeeping, core/src/sync-run/sync-snapshots.ts), in their own streams.
  const [snapshots, domainEvents] = [
    appended.filter((e) => e.streamName.startsWith('dep-snapshot-sync-')),
    appended.filter((e) => !e.streamName.startsWith('dep-snapshot-sync-')),
  ];
  for (const e of snapshots) expect(e.type).toBe('SyncStateSnapshot.v1');
  for (const e of domainEvents) {
    const decoded = depledgerSerde.decode({
      ...e,
      revision: 0,
      position: 0,
      metadata: { eventId: 'x', occurredAt: clock.now().toISOString(), actor: 'a', correlationId: 'c', causationId: null },
    } as never);
    expect(() => depledgerSerde.validate(decoded)).not.toThrow();
  }
  // Pages are whole: each recorded page's devices all have their event (a `deleted` for a device
  // never seen leaves none), no device outside the recorded pages has one.
  const deviceStreams = [...new Set(appended.filter((e) => e.streamName.startsWith('dep-device-')).map((e) => e.streamName))].sort();
  const recordedPages = appended.filter((e) => e.type.startsWith('SyncPageRecorded')).length;
  const recorded = pages.slice(0, recordedPages).flat();
  const must = recorded.filter((r) => !r.deleted).map((r) => `dep-device-${r.serial}`);
  // A page whose cursor repeats its request's ends the run unrecorded: its devices may be applied.
  const may = result.outcome === 'stopped_on_repeating_cursor' ? readable : new Set(recorded.map((r) => `dep-device-${r.serial}`));
  expect({ missing: must.filter((s) => !deviceStreams.includes(s)), outside: deviceStreams.filter((s) => !may.has(s)) }).toEqual({
    missing: [],
    outside: [],
  });
};

// ---- generators -------------------------------------------------------------------------------

const validSerial = (n: number) => `F${String(n).padStart(11, '0')}`;
let serialCounter = 0;
/** A fresh serial for each marker, so no two cases share a device: as Apple writes it, padded, or in lower case. */
const serialFor = (marker: unknown): unknown =>
  marker === 'VALID'
    ? validSerial(++serialCounter)
    : marker === 'PADDED'
      ? ` ${validSerial(++serialCounter)}\t`
      : marker === 'LOWER'
        ? validSerial(++serialCounter).toLowerCase()
        : marker;

const anyJson = fc.jsonValue({ maxDepth: 2 });
const date = fc.oneof(
  fc.constant('2026-02-28T10:00:00Z'),
  fc.constant('0001-01-01T00:00:00Z'),
  fc.constant('2026-13-45T99:00:00Z'),
  fc.constant('yesterday'),
  fc.constant('2026-02-28'),
  fc.constant('Sat, 28 Feb 2026 10:00:00 GMT'),
  fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer(),
  fc.constant(null),
);
const text = fc.oneof(fc.string({ maxLength: 40 }), anyJson, fc.constant(null));
/** A device record: a usable serial (most of the time), fields of any type, unknown fields. */
const deviceRecord = fc.record(
  {
    serial_number: fc.oneof(
      { weight: 6, arbitrary: fc.constant('VALID') },
      { weight: 1, arbitrary: fc.constantFrom('PADDED', 'LOWER') },
      {
        weight: 1,
        arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.constant(''), fc.constant('f0abc'), fc.integer(), fc.constant(null)),
      },
    ),
    model: text,
    description: text,
    color: text,
    asset_tag: text,
    os: text,
    device_family: text,
    profile_status: fc.oneof(fc.constantFrom('empty', 'assigned', 'pushed', 'removed', 'ASSIGNED', 'exploded'), text),
    profile_uuid: fc.oneof(fc.constant('0123456789ABCDEF0123456789ABCDEF'), text),
    profile_assign_time: date,
    profile_push_time: date,
    device_assigned_date: date,
    device_assigned_by: fc.oneof(fc.constant('someone@contoso.example'), text),
    op_type: fc.oneof(fc.constantFrom('added', 'modified', 'deleted', 'ADDED', 'renamed'), text),
    op_date: date,
    unknown_field: anyJson,
  },
  { requiredKeys: ['serial_number'] },
);
const page = fc.record(
  {
    devices: fc.oneof({ weight: 8, arbitrary: fc.array(deviceRecord, { maxLength: 8 }) }, { weight: 1, arbitrary: anyJson }),
    cursor: fc.oneof(
      { weight: 5, arbitrary: fc.constant('CURSOR1') },
      { weight: 1, arbitrary: fc.oneof(fc.constant(''), fc.integer(), fc.constant(null)) },
    ),
    more_to_follow: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('yes', null) }),
    fetched_until: date,
    unknown_envelope_field: anyJson,
  },
  { requiredKeys: [] },
);
/** How the page reaches the client: whole, truncated, as another JSON value, as garbage, as an error. */
const answer = fc.oneof(
  { weight: 6, arbitrary: page.map((p) => ({ kind: 'page' as const, page: p })) },
  {
    weight: 2,
    arbitrary: fc.tuple(page, fc.double({ min: 0, max: 1, noNaN: true })).map(([p, cut]) => ({ kind: 'truncated' as const, page: p, cut })),
  },
  { weight: 1, arbitrary: anyJson.map((value) => ({ kind: 'json' as const, value })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((raw) => ({ kind: 'raw' as const, raw })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(400, 403, 404, 405, 409, 429, 500, 502, 503),
        fc.oneof(
          fc.constantFrom('EXPIRED_CURSOR', '"INVALID_CURSOR"', 'EXHAUSTED_CURSOR', 'T_C_NOT_SIGNED', ''),
          fc.string({ maxLength: 40 }),
        ),
      )
      .map(([status, raw]) => ({ kind: 'status' as const, status, raw })),
  },
);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The serials depledger keeps from a page's records: trimmed, upper-cased, 8–20 letters and digits. */
const serialsOf = (devices: readonly unknown[]): PageSerial[] =>
  devices
    .map((d) => ({
      serial: isRecord(d) && typeof d.serial_number === 'string' ? d.serial_number.trim().toUpperCase() : '',
      deleted: isRecord(d) && typeof d.op_type === 'string' && d.op_type.toLowerCase() === 'deleted',
    }))
    .filter((r) => /^[A-Z0-9]{8,20}$/.test(r.serial));

/** The devices of an answer the gateway reads as a page (Apple's envelope), or null. */
const pageOf = (answer: CannedAnswer): PageSerial[] | null => {
  if (answer.status !== 200 || answer.destroy) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || typeof parsed.cursor !== 'string') return null;
  const { devices, more_to_follow: more } = parsed;
  if (!(more === undefined || more === null || typeof more === 'boolean')) return null;
  if (devices === undefined || devices === null) return [];
  if (!Array.isArray(devices) || !devices.every((d) => isRecord(d) && typeof d.serial_number === 'string' && d.serial_number.length > 0))
    return null;
  return serialsOf(devices);
};

type Answer = typeof answer extends fc.Arbitrary<infer A> ? A : never;

/** The answer as bytes, and the serials of its devices when it is a whole page the client can read. */
const render = (a: Answer): CannedAnswer => {
  if (a.kind === 'json') return { status: 200, body: JSON.stringify(a.value) };
  if (a.kind === 'raw') return { status: 200, body: a.raw };
  if (a.kind === 'status') return { status: a.status, body: a.raw, contentType: 'text/plain' };
  const devices = Array.isArray(a.page.devices)
    ? (a.page.devices as unknown[]).map((d) => (isRecord(d) ? { ...d, serial_number: serialFor(d.serial_number) } : d))
    : a.page.devices;
  const body = JSON.stringify({ ...a.page, devices });
  if (a.kind === 'truncated') return { status: 200, body: body.slice(0, Math.floor(body.length * a.cut)) };
  return { status: 200, body };
};

describe('Apple answers anything', () => {
  it(`fuzzed device pages (${RUNS} runs, seed ${seed}): a typed failure or tolerated, never a throw, a partial page or an invalid event`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 3 }), async (answers) => {
        const outcome = await syncAgainst(answers.map(render));
        checkInvariants(outcome, pageOf);
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
  });

  const fixed: [string, CannedAnswer[]][] = [
    ['truncated JSON', [{ status: 200, body: '{"devices":[{"serial_number":"C02TRUNC0001"}],"cursor":"X","more_to' }]],
    ['an empty body', [{ status: 200, body: '' }]],
    ['devices as a string', [{ status: 200, body: '{"devices":"C02WRONGTYPE1","cursor":"X","more_to_follow":false}' }]],
    ['a numeric cursor', [{ status: 200, body: '{"devices":[{"serial_number":"C02NUMCURSOR"}],"cursor":42,"more_to_follow":false}' }]],
    [
      'an empty cursor with more to follow',
      [
        { status: 200, body: '{"devices":[{"serial_number":"C02EMPTYCUR1"}],"cursor":"","more_to_follow":true}' },
        { status: 200, body: '{"devices":[],"cursor":"","more_to_follow":true}' },
      ],
    ],
    [
      '401 on every try',
      [
        { status: 401, body: '' },
        { status: 401, body: '' },
      ],
    ],
    ['HTML from a proxy', [{ status: 502, body: '<html><body>Bad gateway</body></html>', contentType: 'text/html' }]],
    [
      'a dropped connection on every try',
      [
        { status: 0, body: '', destroy: true },
        { status: 0, body: '', destroy: true },
      ],
    ],
    [
      'dates in every wrong shape',
      [
        {
          status: 200,
          body: JSON.stringify({
            devices: [
              {
                serial_number: 'C02DATES0001',
                op_type: 'added',
                op_date: '2026-02-30T25:61:00Z',
                device_assigned_date: 'yesterday',
                profile_push_time: 17,
              },
              { serial_number: 'C02DATES0002', op_date: 'Sat, 28 Feb 2026 10:00:00 GMT', profile_assign_time: '2026-02-28' },
            ],
            cursor: 'X',
            fetched_until: 'soon',
            more_to_follow: false,
          }),
        },
      ],
    ],
    [
      'lower-case and padded serials',
      [
        {
          status: 200,
          body: JSON.stringify({
            devices: [{ serial_number: 'c02lower0001' }, { serial_number: ' C02PADDED01 ' }, { serial_number: 'C02GOOD00001' }],
            cursor: 'X',
            more_to_follow: false,
          }),
        },
      ],
    ],
    [
      'serials that are not serials',
      [
        {
          status: 200,
          body: JSON.stringify({
            devices: [{ serial_number: '../../etc/passwd' }, { serial_number: 'A'.repeat(500) }, { serial_number: 'C02GOOD00002' }],
            cursor: 'X',
            more_to_follow: false,
          }),
        },
      ],
    ],
    [
      'a profile UUID that is not one',
      [
        {
          status: 200,
          body: JSON.stringify({
            devices: [{ serial_number: 'C02BADUUID01', profile_status: 'assigned', profile_uuid: 'not a uuid!' }],
            cursor: 'X',
            more_to_follow: false,
          }),
        },
      ],
    ],
  ];
  it.each(fixed)('fixed case: %s', async (_name, answers) => {
    const outcome = await syncAgainst(answers);
    checkInvariants(outcome, pageOf);
  });

  it('a huge page (20 000 devices, far above the limit asked for) is taken whole or refused whole', async () => {
    const devices = Array.from({ length: 20_000 }, (_, i) => ({
      serial_number: `H${String(i).padStart(11, '0')}`,
      op_type: 'added',
      op_date: '2026-02-28T10:00:00Z',
      unknown: 'x'.repeat(20),
    }));
    const outcome = await syncAgainst([{ status: 200, body: JSON.stringify({ devices, cursor: 'HUGE', more_to_follow: false }) }]);
    checkInvariants(outcome, pageOf);
    // The error's code, when there is one, says why it was not taken.
    expect(outcome.result.error ? `${outcome.result.error.code}: ${outcome.result.error.message}` : outcome.result.status).toBe(
      'completed',
    );
  });
});
