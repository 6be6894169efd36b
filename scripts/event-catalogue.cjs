'use strict';
// Renders docs/event-catalogue.md from core's `eventCatalogue`. Pure: it is handed the catalogue,
// zod's `toJSONSchema` and the stream-name functions, so the generator (built packages) and the
// drift test (sources, under jest) produce the same text from the same inputs.

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Enums longer than this are listed under constraints rather than as the type. */
const LONG_ENUM = 6;

const aggregates = [
  { name: 'DepToken', title: 'DepToken — a DEP server token', streamOf: 'tokenStream', key: '<tokenId>' },
  { name: 'EnrollmentProfile', title: 'EnrollmentProfile — an enrollment profile', streamOf: 'profileStream', key: '<profileId>' },
  { name: 'Device', title: 'Device — one serial number', streamOf: 'deviceStream', key: '<serial>' },
  { name: 'Sync', title: 'Sync — the sync runs of one token', streamOf: 'syncStream', key: '<tokenId>' },
  {
    name: 'BusinessAccount',
    title: 'BusinessAccount — an Apple School or Business Manager API account',
    streamOf: 'businessAccountStream',
    key: '<accountId>',
  },
  { name: 'OrgDevice', title: "OrgDevice — one serial in the organisation's inventory", streamOf: 'orgDeviceStream', key: '<serial>' },
  {
    name: 'DeviceAssignment',
    title: 'DeviceAssignment — one assignment to an MDM server through the API',
    streamOf: 'deviceAssignmentStream',
    key: '<assignmentId>',
  },
  {
    name: 'DeviceRemoval',
    title: 'DeviceRemoval — devices unassigned from an MDM server or released from the organisation through the API',
    streamOf: 'deviceRemovalStream',
    key: '<removalId>',
  },
  {
    name: 'MigrationChange',
    title: "MigrationChange — a migration's new deadline, or its cancellation, through the API",
    streamOf: 'migrationChangeStream',
    key: '<changeId>',
  },
  {
    name: 'Tenant',
    title: "Tenant — an organisation, in the operator's store (docs/many-organisations.md)",
    streamOf: 'tenantStream',
    key: '<tenantId>',
  },
];

const anchor = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .trim()
    .replace(/ /g, '-');

/** A table cell: pipes escaped (GitHub tables split on them, even inside code spans), no newlines. */
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (value) => '`' + value + '`';
const literal = (value) => code(JSON.stringify(value));

/** Splits `null` out of a JSON Schema: the non-null alternative and whether null is allowed. */
const withoutNull = (schema) => {
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const rest = schema.type.filter((t) => t !== 'null');
    return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  if (Array.isArray(schema.anyOf)) {
    const others = schema.anyOf.filter((s) => s.type !== 'null');
    if (others.length < schema.anyOf.length) {
      const inner = others.length === 1 ? others[0] : { anyOf: others };
      const { default: dflt, description } = schema;
      return {
        schema: { ...inner, ...(dflt !== undefined ? { default: dflt } : {}), ...(description ? { description } : {}) },
        nullable: true,
      };
    }
  }
  if (schema.type === 'null') return { schema: {}, nullable: true };
  return { schema, nullable: false };
};

const typeName = (schema) => {
  if (schema.const !== undefined) return literal(schema.const);
  if (Array.isArray(schema.enum))
    return schema.enum.length > LONG_ENUM
      ? `${schema.type ?? 'any'} (one of ${schema.enum.length})`
      : schema.enum.map(literal).join(' or ');
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map((s) => typeName(withoutNull(s).schema)).join(' or ');
  if (schema.type === 'string' && schema.format === 'date-time') return 'date-time (ISO 8601)';
  if (schema.type === 'array') return `array of ${schema.items ? typeName(withoutNull(schema.items).schema) : 'any'}`;
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  return schema.type ?? 'any';
};

const constraints = (schema) => {
  const out = [];
  if (schema.type === 'string' && schema.format !== 'date-time') {
    const startsWith = schema.format === 'starts_with' && /^\^(.*)\.\*$/.exec(schema.pattern ?? '');
    if (startsWith) out.push('starts with ' + code(startsWith[1].replace(/\\(.)/g, '$1')));
    else if (typeof schema.pattern === 'string') {
      out.push(schema.pattern.startsWith('^vault:') ? 'a vault reference ' + code('vault:<kind>:<id>') : 'pattern ' + code(schema.pattern));
    }
    if (typeof schema.format === 'string' && !startsWith) out.push('format ' + schema.format);
  }
  if (Array.isArray(schema.enum) && schema.enum.length > LONG_ENUM) out.push('one of ' + schema.enum.map(code).join(', '));
  if (schema.minLength !== undefined && schema.maxLength !== undefined) out.push(`${schema.minLength}–${schema.maxLength} characters`);
  else if (schema.minLength !== undefined) out.push(`at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`);
  else if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined && schema.minimum > -MAX_SAFE) out.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) out.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined && schema.maximum < MAX_SAFE) out.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) out.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minItems !== undefined) out.push(`at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} items`);
  if (schema.type === 'array' && schema.items) {
    const inner = constraints(withoutNull(schema.items).schema);
    if (inner.length > 0) out.push('each: ' + inner.join(', '));
  }
  if (schema.default !== undefined) out.push('default ' + literal(schema.default));
  if (typeof schema.description === 'string') out.push(schema.description);
  return out;
};

/** One row per field; nested objects (and arrays of objects) are flattened as `a.b` / `a[].b`. */
const fieldRows = (objectSchema, prefix) => {
  const rows = [];
  const required = new Set(objectSchema.required ?? []);
  for (const [name, raw] of Object.entries(objectSchema.properties ?? {})) {
    const path = prefix + name;
    const { schema, nullable } = withoutNull(raw);
    const isObject = schema.type === 'object' && schema.properties;
    const isObjectArray = schema.type === 'array' && schema.items && schema.items.type === 'object' && schema.items.properties;
    rows.push({
      path,
      type: isObject ? 'object' : isObjectArray ? 'array of objects' : typeName(schema),
      required: required.has(name),
      nullable,
      notes: isObject || isObjectArray ? [] : constraints(schema),
    });
    if (isObject) rows.push(...fieldRows(schema, path + '.'));
    if (isObjectArray) rows.push(...fieldRows(schema.items, path + '[].'));
  }
  return rows;
};

const renderEvent = (definition, toJSONSchema) => {
  const json = toJSONSchema(definition.schema);
  const lines = [
    `### ${definition.type}`,
    '',
    `Stored as ${code(`${definition.type}.v${definition.version}`)}. ${definition.description}`,
    '',
  ];
  const upcasters = Object.keys(definition.upcasters ?? {})
    .map(Number)
    .sort((a, b) => a - b);
  if (upcasters.length > 0) {
    lines.push(`Older versions are upcast on read: ${upcasters.map((n) => `v${n} → v${n + 1}`).join(', ')}.`, '');
  }
  const rows = fieldRows(json, '');
  if (rows.length === 0) {
    lines.push('No fields.', '');
    return lines;
  }
  lines.push('| field | type | required | nullable | constraints |', '|---|---|---|---|---|');
  for (const row of rows) {
    lines.push(
      `| ${cell(code(row.path))} | ${cell(row.type)} | ${row.required ? 'yes' : 'no'} | ${row.nullable ? 'yes' : 'no'} | ${cell(row.notes.join('; '))} |`,
    );
  }
  lines.push('');
  return lines;
};

/**
 * @param {{ eventCatalogue: readonly any[], toJSONSchema: (schema: unknown) => any, streams: Record<string, (id: string) => string> }} input
 * @returns {string} the whole Markdown page
 */
const renderEventCatalogue = ({ eventCatalogue, toJSONSchema, streams }) => {
  const known = new Set(aggregates.map((a) => a.name));
  const stray = eventCatalogue.filter((d) => !known.has(d.aggregate));
  if (stray.length > 0)
    throw new Error(`event catalogue: unknown aggregate ${stray[0].aggregate} (${stray[0].type}); add it to scripts/event-catalogue.cjs`);

  const lines = [
    '# Event catalogue',
    '',
    '<!-- Generated by `node scripts/generate-event-catalogue.mjs` from the zod schemas in @depledger/core. Do not edit by hand. -->',
    '',
    `Every event depledger stores: ${eventCatalogue.length} types over ${aggregates.length} aggregates, generated from`,
    "`eventCatalogue` in `@depledger/core` (each type's description and zod schema), so it cannot drift",
    'from the code: `test/event-catalogue.spec.ts` fails when this page differs from what the schemas say.',
    'After changing an event, run `pnpm build && node scripts/generate-event-catalogue.mjs` and commit the page.',
    '',
    'Each event is `{ type, data, metadata }`. The tables below describe `data`. A stream stores the',
    'versioned name (`<Type>.v<version>`); dates are ISO-8601 strings; personal data and secrets are',
    'vault references (`vault:<kind>:<id>`), never the values. Every event also carries metadata:',
    '`eventId`, `occurredAt`, `actor` (`admin:<id>`, `system:sync`, `mdm:checkin`…), `correlationId`,',
    '`causationId` and `tokenId` (see [concepts](concepts.md)); the facts a sync run records as',
    '`system:sync` also carry `requestedBy`, the administrator who asked for the run, when one did.',
    '',
    '"required: no" means the field may be absent; "nullable: yes" means it may be `null`; a default is',
    'the value filled in when the command that produced the event left the field out.',
    '',
  ];
  for (const aggregate of aggregates) {
    const events = eventCatalogue.filter((d) => d.aggregate === aggregate.name);
    lines.push(`- [${aggregate.title}](#${anchor(aggregate.title)}): ${events.map((d) => `[${d.type}](#${anchor(d.type)})`).join(', ')}`);
  }
  lines.push('');
  for (const aggregate of aggregates) {
    const events = eventCatalogue.filter((d) => d.aggregate === aggregate.name);
    const stream = streams[aggregate.streamOf](aggregate.key);
    lines.push(
      `## ${aggregate.title}`,
      '',
      `Stream ${code(stream)} (${code(`${aggregate.streamOf}(id)`)}), ${events.length} event types.`,
      '',
    );
    for (const definition of events) lines.push(...renderEvent(definition, toJSONSchema));
  }
  return lines.join('\n').replace(/\n+$/, '\n');
};

module.exports = { renderEventCatalogue };
