type Json = Record<string, unknown>;

/**
 * The OpenAPI document of a server for several tenants: every route that needs a key takes the
 * tenant header (required for an operator's key, optional for a tenant's key, which may name its own tenant only).
 */
export const withTenantHeader = (document: Json, header: string, operatorOperations: ReadonlySet<string>): Json => {
  const paths = document['paths'] as Record<string, Record<string, Json>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      if (operation['x-depledger-scope'] === 'public' || operatorOperations.has(operation['operationId'] as string)) continue;
      operation['parameters'] = [
        ...((operation['parameters'] as Json[] | undefined) ?? []),
        {
          name: header,
          in: 'header',
          required: false,
          description:
            "The tenant the request acts on. Required with an operator's key (`dplop_…`; without it: 400 API_TENANT_REQUIRED). A tenant's key (`dpl_…`) acts on its own tenant and may omit it; naming another tenant is refused (403 TENANT_SCOPE_VIOLATION).",
          schema: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 40 },
        },
      ];
    }
  }
  const components = document['components'] as Json;
  const schemes = components['securitySchemes'] as Record<string, Json>;
  schemes['apiKey'] = {
    ...schemes['apiKey'],
    description: `A tenant's API key (\`dpl_…\`, from \`depledger api-key create --tenant <id>\`; the default tenant's keys name no tenant), or an operator's key (\`dplop_…\`, from \`depledger api-key create --operator\`), which acts on a tenant only by naming it in the ${header} header.`,
  };
  return document;
};
