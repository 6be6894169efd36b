import type { Depledger } from '@depledger/core';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/route';

/** The routes of a server for several tenants that answer an operator's key only. */
export const operatorRoutes = (operator: Depledger): AnyRoute[] => [
  defineRoute({
    method: 'GET',
    path: '/tenants',
    operationId: 'listTenants',
    summary: 'The tenants of the store: those served, and those forgotten (operator keys only)',
    description:
      "A server for several tenants only. An operator's key (`dplop_…`) lists the tenants it may name in the X-Depledger-Tenant header — the default tenant, then every tenant of the store's register not forgotten — and the tenants forgotten, which the server no longer serves (410 TENANT_FORGOTTEN); a tenant's key is refused (403 API_OPERATOR_ONLY).",
    tag: 'operator',
    scope: 'read',
    responses: {
      200: {
        description: 'The tenants served (the default tenant first, then by id), and the tenants forgotten (by id).',
        schema: z.object({ tenants: z.array(z.string()), forgotten: z.array(z.string()) }),
      },
    },
    handle: async () => {
      const listed = await operator.tenants.list();
      return {
        status: 200,
        body: {
          tenants: [...(await operator.tenants.active())],
          forgotten: listed.filter((t) => t.forgottenAt !== null).map((t) => t.tenant),
        },
      };
    },
  }),
];
