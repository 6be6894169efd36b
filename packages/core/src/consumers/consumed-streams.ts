import { businessStreamPrefixes } from '../business/business-streams';
import { ValidationError } from '../errors/validation-error';
import { streamPrefixes } from '../events/stream-names';
import type { EventSerde } from '../serde/event-serde';
import type { EventDefinition } from '../serde/event-catalogue';

const prefixesOf: Readonly<Record<EventDefinition['aggregate'], readonly string[]>> = {
  DepToken: [streamPrefixes.token],
  EnrollmentProfile: [streamPrefixes.profile],
  Device: [streamPrefixes.device],
  Sync: [streamPrefixes.sync],
  // The Business API's streams under their current name and the one before the `dep-` prefix.
  BusinessAccount: businessStreamPrefixes('businessAccount'),
  OrgDevice: businessStreamPrefixes('orgDevice'),
  DeviceAssignment: businessStreamPrefixes('deviceAssignment'),
  DeviceRemoval: businessStreamPrefixes('deviceRemoval'),
  MigrationChange: businessStreamPrefixes('migrationChange'),
  // The operator's streams: a consumer of the operator's depledger sees tenants forgotten.
  Tenant: [streamPrefixes.tenant],
};

/** The streams a consumer of these types reads, and which stored type names (`X.v1`) it hands on. */
export const consumedStreams = (serde: EventSerde, types: readonly string[] | undefined) => {
  const definitions = types === undefined ? serde.definitions() : types.map((type) => serde.definition(type));
  const unknown = types?.filter((_, i) => definitions[i] === undefined) ?? [];
  if (unknown.length > 0 || types?.length === 0) {
    throw new ValidationError('consumer', [
      {
        path: 'types',
        message:
          types?.length === 0
            ? 'name at least one event type, or leave types out for every type'
            : `unknown event types: ${unknown.join(', ')}`,
      },
    ]);
  }
  const wanted = new Set(definitions.map((d) => (d as EventDefinition).type));
  const prefixes = [...new Set(definitions.flatMap((d) => prefixesOf[(d as EventDefinition).aggregate]))];
  const baseName = new Map<string, string>();
  const wants = (storedType: string): boolean => {
    let base = baseName.get(storedType);
    if (base === undefined) baseName.set(storedType, (base = storedType.replace(/\.v\d+$/, '')));
    return wanted.has(base);
  };
  return { streamPrefixes: prefixes, wants };
};
