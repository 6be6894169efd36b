import type { z } from 'zod';

/**
 * One entry per event type: its current version, the zod schema of its data, and how older stored
 * versions become the current one. Stored type names are `<Type>.v<version>`.
 */
export type EventDefinition = Readonly<{
  type: string;
  version: number;
  aggregate:
    | 'DepToken'
    | 'EnrollmentProfile'
    | 'Device'
    | 'Sync'
    | 'BusinessAccount'
    | 'OrgDevice'
    | 'DeviceAssignment'
    | 'DeviceRemoval'
    | 'MigrationChange'
    | 'Tenant';
  description: string;
  schema: z.ZodType;
  /** Upcasters from version N to N+1, keyed by N. Each takes the stored data of version N. */
  upcasters?: Readonly<Record<number, (data: Record<string, unknown>) => Record<string, unknown>>>;
}>;

export const defineEvent = <const D extends EventDefinition>(definition: D): D => definition;
