import { labelIn, type Label, type Lang } from '../labels/labels';
import { readModelOf } from '../read-model-store/read-model-reader';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { tokenExpiryWarningDays } from '@depledger/core';
import { calendarDaysUntil } from '../time/calendar';
import type { OrgInventoryAccountDoc, OrgInventoryDeviceDoc, OrgInventoryTokenDoc } from './org-inventory-doc';
import { orgInventoryProjection } from './org-inventory-projection';

/**
 * Where a device of the organisation stands between Apple's inventory and DEP:
 * - `synced`: assigned to one of our servers at Apple, and a DEP sync of that token has it
 * - `assigned_not_synced`: assigned to one of our servers at Apple, no sync has shown it yet
 * - `assigned_elsewhere`: assigned to a server none of our tokens belongs to
 * - `assignment_in_progress`: an assignment through the API waits for Apple's activity
 * - `assignment_failed`: the last assignment through the API did not reach the server
 * - `unassigned`: on no server
 * - `released`: no longer in the organisation
 */
export const orgSituationCodes = [
  'synced',
  'assigned_not_synced',
  'assigned_elsewhere',
  'assignment_in_progress',
  'assignment_failed',
  'unassigned',
  'released',
] as const;
export type OrgSituationCode = (typeof orgSituationCodes)[number];

const situationLabels: Readonly<Record<OrgSituationCode, Label>> = {
  synced: { fr: 'Assigné à notre serveur et synchronisé', en: 'Assigned to our server and synced' },
  assigned_not_synced: {
    fr: 'Assigné à notre serveur chez Apple, pas encore synchronisé',
    en: 'Assigned to our server at Apple, not synced yet',
  },
  assigned_elsewhere: { fr: 'Assigné à un autre serveur', en: 'Assigned to another server' },
  assignment_in_progress: { fr: 'Assignation en cours chez Apple', en: 'Assignment in progress at Apple' },
  assignment_failed: { fr: 'Assignation échouée', en: 'Assignment failed' },
  unassigned: { fr: 'Non assigné', en: 'Unassigned' },
  released: { fr: "Sorti de l'organisation", en: 'Released from the organisation' },
};

export type OrgDeviceView = OrgInventoryDeviceDoc &
  Readonly<{
    situation: OrgSituationCode;
    situationLabel: string;
    /** The DEP token whose server Apple has it on, when it is one of ours. */ ourTokenId: string | null;
  }>;

export const situationOf = (
  doc: OrgInventoryDeviceDoc,
  tokenOfServer: ReadonlyMap<string, string>,
): { situation: OrgSituationCode; ourTokenId: string | null } => {
  if (doc.released) return { situation: 'released', ourTokenId: null };
  if (doc.assignment?.state === 'in_progress') return { situation: 'assignment_in_progress', ourTokenId: null };
  const server = doc.assignedServerId;
  if (server !== null) {
    const tokenId = tokenOfServer.get(server.toUpperCase()) ?? null;
    if (tokenId === null) return { situation: 'assigned_elsewhere', ourTokenId: null };
    const synced = doc.dep !== null && doc.dep.present && doc.dep.tokenId === tokenId;
    return { situation: synced ? 'synced' : 'assigned_not_synced', ourTokenId: tokenId };
  }
  return { situation: doc.assignment?.state === 'failed' ? 'assignment_failed' : 'unassigned', ourTokenId: null };
};

/** The organisation's inventory with each device's situation, optionally one order's devices. */
export const listOrgInventory = async (
  readModels: ReadModelStore,
  options: Readonly<{ orderNumber?: string; lang?: Lang }> = {},
): Promise<OrgDeviceView[]> => {
  const reader = await readModelOf(readModels, orgInventoryProjection);
  const tokens = (await reader.all({ prefix: 'token:' })) as OrgInventoryTokenDoc[];
  const tokenOfServer = new Map(tokens.map((token) => [token.serverUuid.toUpperCase(), token.tokenId]));
  const devices = (await reader.all({ prefix: 'device:' })) as OrgInventoryDeviceDoc[];
  return devices
    .filter((doc) => doc.inInventory && (options.orderNumber === undefined || doc.orderNumber === options.orderNumber))
    .map((doc) => {
      const { situation, ourTokenId } = situationOf(doc, tokenOfServer);
      return { ...doc, situation, ourTokenId, situationLabel: labelIn(situationLabels[situation], options.lang ?? 'fr') };
    });
};

/** An API account's health at `now`, judged as a server token's: refused, expired, expiring (a threshold crossed) or ok. */
export type BusinessAccountView = OrgInventoryAccountDoc &
  Readonly<{
    health: 'ok' | 'expiring' | 'expired' | 'refused';
    /** Calendar days until the credentials expire (negative once expired); null when not known. */
    daysLeft: number | null;
    /** The warning threshold crossed (30, 7 or 1 days), or null. */
    expiryWarning: number | null;
  }>;

/** The API accounts depledger knows, with their credentials' health at `now`. */
export const listBusinessAccounts = async (
  readModels: ReadModelStore,
  options: Readonly<{ now: Date }>,
): Promise<BusinessAccountView[]> => {
  const reader = await readModelOf(readModels, orgInventoryProjection);
  const accounts = (await reader.all({ prefix: 'account:' })) as OrgInventoryAccountDoc[];
  return accounts.map((doc) => {
    const daysLeft = doc.expiresAt === null ? null : calendarDaysUntil(doc.expiresAt, options.now);
    const crossed = daysLeft === null || daysLeft < 0 ? [] : tokenExpiryWarningDays.filter((t) => daysLeft <= t);
    const expiryWarning = crossed.length > 0 ? Math.min(...crossed) : null;
    const expired = doc.expiresAt !== null && Date.parse(doc.expiresAt) <= options.now.getTime();
    const health = doc.refusedCode !== null ? 'refused' : expired ? 'expired' : expiryWarning !== null ? 'expiring' : 'ok';
    return { ...doc, health, daysLeft, expiryWarning };
  });
};
