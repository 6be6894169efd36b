import { ValidationError } from '@depledger/core';
import { labelIn, type Label, type Lang } from './labels';

/**
 * A device's status in the "All corporate devices" view:
 * - `not_contacted`: assigned to our MDM server, not enrolled yet ("Non contacté")
 * - `enrolled`: checked in and enrolled ("Inscrit")
 * - `pending_reset`: enrolled with a profile other than the one now assigned: it takes effect after a reset
 * - `failed`: Apple refused the profile assignment (FAILED or NOT_ACCESSIBLE)
 * - `released`: no longer assigned to our MDM server
 * - `profile_cleared`: assigned to our MDM server, its profile cleared at Apple and none assigned since
 */
export const deviceStatusCodes = ['not_contacted', 'enrolled', 'pending_reset', 'failed', 'released', 'profile_cleared'] as const;
export type DeviceStatusCode = (typeof deviceStatusCodes)[number];

const statusLabels: Readonly<Record<DeviceStatusCode, Label>> = {
  not_contacted: { fr: 'Non contacté', en: 'Not contacted' },
  enrolled: { fr: 'Inscrit', en: 'Enrolled' },
  pending_reset: { fr: 'En attente de réinitialisation', en: 'Pending reset' },
  failed: { fr: 'Échec', en: 'Failed' },
  released: { fr: 'Retiré', en: 'Released' },
  profile_cleared: { fr: 'Profil retiré', en: 'Profile cleared' },
};

export const statusLabel = (code: DeviceStatusCode, lang: Lang): string => labelIn(statusLabels[code], lang);

/** Where a profile assignment stands (core's device state): requested, done, refused, or waiting out a throttle. */
export const assignmentStateCodes = ['pending', 'assigned', 'failed', 'not_accessible', 'throttled'] as const;
export type AssignmentStateCode = (typeof assignmentStateCodes)[number];

const assignmentLabels: Readonly<Record<AssignmentStateCode, Label>> = {
  pending: { fr: 'En attente', en: 'Pending' },
  assigned: { fr: 'Attribué', en: 'Assigned' },
  failed: { fr: 'Échec', en: 'Failed' },
  not_accessible: { fr: 'Inaccessible', en: 'Not accessible' },
  throttled: { fr: 'Limité par Apple', en: 'Throttled by Apple' },
};

export const assignmentLabel = (code: AssignmentStateCode, lang: Lang): string => labelIn(assignmentLabels[code], lang);

const comparable = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Reads a status as a person types it — the code (`not_contacted`) or its label in French or
 * English (`Non contacté`, `non contacte`, `Enrolled`) — for command-line flags and filters.
 * Throws INVALID_INPUT naming the accepted values.
 */
export const parseDeviceStatus = (text: string): DeviceStatusCode => {
  const wanted = comparable(text);
  const found = deviceStatusCodes.find(
    (code) => code === wanted || comparable(statusLabels[code].fr) === wanted || comparable(statusLabels[code].en) === wanted,
  );
  if (found) return found;
  const accepted = deviceStatusCodes.map((code) => `${code} (${statusLabels[code].fr} / ${statusLabels[code].en})`).join(', ');
  throw new ValidationError('device status', [{ path: 'status', message: `"${text}" is not a status; use one of ${accepted}` }]);
};
