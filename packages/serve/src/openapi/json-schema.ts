import { z } from 'zod';

type Json = Record<string, unknown>;

/** Rewrites `#/$defs/X` references into `#/components/schemas/<X><suffix>`, collecting the definitions. */
const relocate = (value: unknown, suffix: string): unknown => {
  if (Array.isArray(value)) return value.map((item) => relocate(item, suffix));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value as Json)) {
    out[key] =
      key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')
        ? `#/components/schemas/${item.slice('#/$defs/'.length)}${suffix}`
        : relocate(item, suffix);
  }
  return out;
};

/**
 * A zod schema as an OpenAPI 3.1 schema object (JSON Schema 2020-12, from zod's own converter).
 * Schemas with a `meta({ id })` become shared components, added to `components`; request schemas
 * (`input`: defaults make fields optional) get the suffix `Input` so they never clash with a response's.
 */
export const toOpenApiSchema = (schema: z.ZodType, io: 'input' | 'output', components: Json): Json => {
  const suffix = io === 'input' ? 'Input' : '';
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json & { $defs?: Json };
  for (const [id, definition] of Object.entries($defs ?? {})) components[`${id}${suffix}`] = relocate(definition, suffix);
  return relocate(rest, suffix) as Json;
};
