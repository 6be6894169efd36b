import { ValidationError } from '../errors/validation-error';
import type { EventSerde } from '../serde/event-serde';
import type { EventDefinition } from '../serde/event-catalogue';

const prefixOf: Readonly<Record<EventDefinition['aggregate'], string>> = {
  DepToken: 'dep-token-',
  EnrollmentProfile: 'dep-profile-',
  Device: 'dep-device-',
  Sync: 'dep-sync-',
  BusinessAccount: 'business-account-',
  OrgDevice: 'org-device-',
  DeviceAssignment: 'device-assignment-',
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
  const streamPrefixes = [...new Set(definitions.map((d) => prefixOf[(d as EventDefinition).aggregate]))];
  const baseName = new Map<string, string>();
  const wants = (storedType: string): boolean => {
    let base = baseName.get(storedType);
    if (base === undefined) baseName.set(storedType, (base = storedType.replace(/\.v\d+$/, '')));
    return wanted.has(base);
  };
  return { streamPrefixes, wants };
};
