import { deviceStatusCodes, tokenHealthCodes } from '@depledger/projections';
import { z } from 'zod';

const nullableString = z.string().nullable();
const counts = z
  .looseObject({ received: z.number(), added: z.number(), modified: z.number(), released: z.number(), unchanged: z.number() })
  .meta({ id: 'SyncCounts', description: 'Devices received from Apple in a run, and what they changed.' });

export const tokenHealthSchema = z
  .looseObject({
    tokenId: z.string(),
    stage: z.enum(['none', 'key_issued', 'active', 'removed']),
    health: z.enum(tokenHealthCodes),
    healthLabel: z.string(),
    orgName: nullableString,
    serverName: nullableString,
    expiresAt: nullableString,
    daysLeft: z.number().nullable(),
    expiryWarning: z.number().nullable(),
    defaultProfileId: nullableString,
    lastSuccessfulSyncAt: nullableString,
    lastFullSyncAt: nullableString,
    nextFullSyncAllowedAt: nullableString,
    runningSync: z.looseObject({ runId: z.string(), startedAt: z.string(), deadlineAt: z.string() }).nullable(),
  })
  .meta({ id: 'TokenHealth', description: 'A token as its events left it; people appear only as vault references.' });

export const deviceSchema = z
  .looseObject({
    serial: z.string(),
    tokenId: z.string(),
    status: z.enum(deviceStatusCodes),
    statusLabel: z.string(),
    statusSince: z.string(),
    model: nullableString,
    description: nullableString,
    os: nullableString,
    family: nullableString,
    profile: z.looseObject({ uuid: nullableString, profileId: nullableString, version: z.number().nullable() }),
    assignment: z
      .looseObject({
        state: z.string(),
        profileId: z.string(),
        profileVersion: z.number(),
        profileUuid: z.string(),
        retryAt: nullableString,
      })
      .nullable(),
    assignmentLabel: nullableString,
    enrolledAt: nullableString,
    updatedAt: z.string(),
  })
  .meta({ id: 'Device' });

export const deviceListSchema = z
  .object({
    devices: z.array(deviceSchema),
    next: z.string().nullable().describe('Pass as `after` for the next page; null on the last page.'),
  })
  .meta({ id: 'DevicePage' });

export const timelineEntrySchema = z
  .looseObject({
    position: z.number(),
    revision: z.number(),
    type: z.string(),
    occurredAt: z.string(),
    actor: z.string(),
    correlationId: z.string(),
    description: z.string(),
    status: z.looseObject({ code: z.string(), label: z.string() }).nullable(),
  })
  .meta({ id: 'DeviceHistoryEntry' });

export const profileSchema = z
  .object({
    profileId: z.string(),
    tokenId: z.string(),
    status: z.enum(['draft', 'published', 'retired']),
    version: z.number(),
    profileUuid: nullableString,
    isDefault: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    minimumOs: z
      .record(z.string(), z.object({ version: z.string(), build: z.string().optional() }))
      .nullable()
      .describe("The lowest OS, per platform, a device routed to the profile may enroll with (depledger's policy, never sent to Apple)."),
  })
  .meta({ id: 'Profile' });

export const syncRunSchema = z
  .looseObject({
    tokenId: z.string(),
    runId: z.string(),
    actor: z.string(),
    trigger: z.string(),
    requested: z.enum(['full', 'incremental']),
    kind: z.enum(['full', 'incremental']).nullable(),
    requestedAt: z.string(),
    startedAt: nullableString,
    finishedAt: nullableString,
    outcome: z.enum(['running', 'completed', 'stopped_on_repeating_cursor', 'failed', 'timed_out', 'abandoned', 'refused']),
    outcomeLabel: z.string(),
    pages: z.number(),
    counts,
    records: z
      .object({ fetch: z.number(), sync: z.number() })
      .describe(
        "Records Apple delivered, by pass. The fetch lists each device once; the sync pass after it lists changes, often the same devices again: a run's devices are `fetch` when it fetched, else `sync`, never the two added up.",
      ),
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
    refusal: z.looseObject({ reason: z.string(), retryAt: nullableString }).nullable(),
    live: z
      .object({
        pages: z.number(),
        phase: z.enum(['fetch', 'sync']).nullable(),
        counts: counts.nullable().describe("The last page's counts."),
        records: z.object({ fetch: z.number(), sync: z.number() }).describe('Records delivered so far, by pass.'),
      })
      .nullable()
      .describe('While this server runs the sync: the pages recorded so far.'),
  })
  .meta({ id: 'SyncRun' });

export const eventsRecordedSchema = z
  .object({
    recorded: z
      .array(z.object({ type: z.string(), eventId: z.string() }))
      .describe('The events this request recorded (none when nothing changed).'),
  })
  .meta({ id: 'Recorded' });
