import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/route';
import type { ServeServices } from '../serve-services';

const planSchema = z
  .object({
    tokenId: z.string(),
    skipped: z.enum(['token_not_active']).nullable(),
    nextSync: z.object({ kind: z.enum(['full', 'incremental']), at: z.string() }).nullable(),
    nextExpiryCheckAt: z.string().nullable(),
    nextAssignmentRetryAt: z.string().nullable(),
  })
  .meta({ id: 'TokenPlan' });

/** The scheduler that runs inside the server: what is due when. */
export const scheduleRoutes = (services: ServeServices): AnyRoute[] => [
  defineRoute({
    method: 'GET',
    path: '/schedule',
    operationId: 'getSchedule',
    summary: 'What the scheduler will do when, per token (from the recorded runs)',
    tag: 'schedule',
    scope: 'read',
    responses: { 200: { description: 'The plan.', schema: z.object({ tokens: z.array(planSchema) }) } },
    handle: async () => ({ status: 200, body: { tokens: await services.scheduler.plan() } }),
  }),
];
