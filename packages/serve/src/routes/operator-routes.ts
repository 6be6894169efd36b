import { z } from 'zod';
import type { OperatorApiKeys } from '../auth/tenant-keys';
import { defineRoute, type AnyRoute } from '../http/route';

/** The routes of a server for several tenants that answer an operator's key only. */
export const operatorRoutes = (keys: OperatorApiKeys): AnyRoute[] => [
  defineRoute({
    method: 'GET',
    path: '/tenants',
    operationId: 'listTenants',
    summary: 'The tenants served: those given API keys or written to by an operator (operator keys only)',
    description:
      "A server for several tenants only. An operator's key (`dplop_…`) lists the tenants it may name in the X-Depledger-Tenant header; a tenant's key is refused (403 API_OPERATOR_ONLY).",
    tag: 'operator',
    scope: 'read',
    responses: {
      200: {
        description: 'The tenants, in the order they were first given a key (the default tenant first when it has keys).',
        schema: z.object({ tenants: z.array(z.string()) }),
      },
    },
    handle: async () => ({ status: 200, body: { tenants: await keys.tenants() } }),
  }),
];
