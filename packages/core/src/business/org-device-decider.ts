import { draft, type Command, type Decider } from '../handling/decider';
import type { AppleCareCoverageFacts, OrgDeviceEvent, OrgDeviceFacts } from './business-events';

export type ObserveOrgDevice = Command<'ObserveOrgDevice', { serial: string; accountId: string; facts: OrgDeviceFacts }>;
export type ReleaseOrgDevice = Command<'ReleaseOrgDevice', { serial: string; accountId: string; releasedAt: string | null }>;
export type RecordAppleCareCoverage = Command<
  'RecordAppleCareCoverage',
  { serial: string; accountId: string; coverages: readonly AppleCareCoverageFacts[] }
>;
export type OrgDeviceCommand = ObserveOrgDevice | ReleaseOrgDevice | RecordAppleCareCoverage;

export type OrgDeviceState = Readonly<{
  known: boolean;
  released: boolean;
  facts: OrgDeviceFacts | null;
  coverages: readonly AppleCareCoverageFacts[] | null;
}>;

const factNames = [
  'orderNumber',
  'model',
  'productFamily',
  'partNumber',
  'color',
  'status',
  'assignedServerId',
  'addedToOrgAt',
  'migrationStatus',
  'migrationDeadline',
] as const;

/** A device in the organisation's inventory: seen, changed, released; its AppleCare coverage. Same facts twice record nothing. */
export const orgDeviceDecider: Decider<OrgDeviceState, OrgDeviceCommand, OrgDeviceEvent> = {
  initialState: () => ({ known: false, released: false, facts: null, coverages: null }),
  decide(command, state) {
    switch (command.type) {
      case 'ObserveOrgDevice': {
        const { serial, accountId, facts } = command.data;
        if (!state.known || state.released || state.facts === null)
          return [draft<OrgDeviceEvent>('OrgDeviceSeen', { serial, accountId, facts })];
        const changed: Partial<OrgDeviceFacts> = {};
        // the migration facts are absent from events recorded before them: absent is null
        for (const name of factNames)
          if ((facts[name] ?? null) !== (state.facts[name] ?? null)) Object.assign(changed, { [name]: facts[name] ?? null });
        return Object.keys(changed).length === 0 ? [] : [draft<OrgDeviceEvent>('OrgDeviceChanged', { serial, accountId, changed })];
      }
      case 'ReleaseOrgDevice':
        return state.known && !state.released ? [draft<OrgDeviceEvent>('OrgDeviceReleased', command.data)] : [];
      case 'RecordAppleCareCoverage': {
        const { serial, accountId, coverages } = command.data;
        if (state.coverages !== null && JSON.stringify(state.coverages) === JSON.stringify(coverages)) return [];
        return [draft<OrgDeviceEvent>('AppleCareCoverageRecorded', { serial, accountId, coverages: [...coverages] })];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'OrgDeviceSeen':
        return { ...state, known: true, released: false, facts: event.data.facts };
      case 'OrgDeviceChanged':
        return state.facts === null ? state : { ...state, facts: { ...state.facts, ...event.data.changed } };
      case 'OrgDeviceReleased':
        return { ...state, released: true };
      case 'AppleCareCoverageRecorded':
        return { ...state, coverages: event.data.coverages };
    }
  },
};
