import { syncHistory } from '@depledger/projections';
import { z } from 'zod';
import { apiErrorSchema, RequestError } from '../http/api-error';
import { defineRoute, type AnyRoute } from '../http/route';
import { runParams, tokenIdParam } from '../schemas/ids';
import { syncRunSchema } from '../schemas/views';
import type { ServeServices } from '../serve-services';

const error = (description: string) => ({ description, schema: apiErrorSchema });

const acceptedSchema = z
  .object({
    tokenId: z.string(),
    runId: z.string(),
    requested: z.enum(['full', 'incremental']),
    kind: z.enum(['full', 'incremental']).describe('What runs: a full sync within the full-sync interval runs incremental.'),
    statusUrl: z.string(),
  })
  .meta({ id: 'SyncAccepted' });

const refusedDetails =
  '`details` has `reason` (run_in_progress, too_soon…), `retryAt` (when asking again can succeed, or null) and `blockingRunId`.';

/** Step 7's "Sync now" and the runs' progress and history. */
export const syncRoutes = (services: ServeServices): AnyRoute[] => [
  defineRoute({
    method: 'POST',
    path: '/tokens/{tokenId}/syncs',
    operationId: 'startSync',
    summary: 'Sync now: 202 once the run has started; it goes on in the background',
    tag: 'syncs',
    scope: 'write',
    params: tokenIdParam,
    body: z.strictObject({ kind: z.enum(['full', 'incremental']).default('full') }),
    responses: {
      202: { description: 'The run started (or already ended); follow it at `statusUrl`.', schema: acceptedSchema },
      409: error(
        `Refused by the sync rules (SYNC_REFUSED): one run at a time, the full-sync interval, the token's state. ${refusedDetails}`,
      ),
    },
    handle: async ({ params, body, caller }) => {
      const outcome = await services.launcher.launch(params.tokenId, body.kind, caller.actor);
      if (outcome.status === 'refused') {
        throw new RequestError('SYNC_REFUSED', outcome.refusal.message, {
          tokenId: params.tokenId,
          runId: outcome.runId,
          reason: outcome.refusal.reason,
          retryAt: outcome.refusal.retryAt,
          blockingRunId: outcome.refusal.blockingRunId,
        });
      }
      const kinds = outcome.status === 'started' ? outcome : { kind: outcome.result.kind, requested: outcome.result.requested };
      return {
        status: 202,
        body: {
          tokenId: params.tokenId,
          runId: outcome.runId,
          requested: kinds.requested,
          kind: kinds.kind,
          statusUrl: `/tokens/${encodeURIComponent(params.tokenId)}/syncs/${outcome.runId}`,
        },
        headers: { location: `/tokens/${encodeURIComponent(params.tokenId)}/syncs/${outcome.runId}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/tokens/{tokenId}/syncs',
    operationId: 'listSyncs',
    summary: "A token's sync runs and refused requests, the most recent first",
    tag: 'syncs',
    scope: 'read',
    params: tokenIdParam,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(50), lang: z.enum(['fr', 'en']).optional() }),
    responses: { 200: { description: 'The runs.', schema: z.object({ runs: z.array(syncRunSchema) }) } },
    handle: async ({ params, query }) => {
      const runs = await syncHistory(await services.readModels(), params.tokenId, {
        limit: query.limit,
        lang: query.lang ?? services.lang,
      });
      return {
        status: 200,
        body: {
          runs: runs.map((run) => {
            const live = services.launcher.progress(run.runId);
            return { ...run, live: live ? { pages: live.pages, phase: live.phase, counts: live.counts, records: live.records } : null };
          }),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/tokens/{tokenId}/syncs/{runId}',
    operationId: 'getSync',
    summary: "A run's progress and outcome",
    tag: 'syncs',
    scope: 'read',
    params: runParams,
    query: z.strictObject({ lang: z.enum(['fr', 'en']).optional() }),
    responses: { 200: { description: 'The run.', schema: syncRunSchema }, 404: error('No such run.') },
    handle: async ({ params, query }) => {
      const runs = await syncHistory(await services.readModels(), params.tokenId, { lang: query.lang ?? services.lang });
      const run = runs.find((r) => r.runId === params.runId);
      if (!run)
        throw new RequestError('SYNC_RUN_NOT_FOUND', `Token ${params.tokenId} has no sync run ${params.runId}.`, {
          tokenId: params.tokenId,
          runId: params.runId,
        });
      const live = services.launcher.progress(run.runId);
      return {
        status: 200,
        body: { ...run, live: live ? { pages: live.pages, phase: live.phase, counts: live.counts, records: live.records } : null },
      };
    },
  }),
];
