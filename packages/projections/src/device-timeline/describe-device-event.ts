import type { DeviceEvent, RecordedEvent } from '@depledger/core';
import type { Lang } from '../labels/labels';

type Words = Readonly<{ fr: string; en: string }>;

const releaseReasons: Readonly<Record<string, Words>> = {
  deleted_by_apple: { fr: 'supprimé du serveur MDM chez Apple', en: 'deleted from the MDM server at Apple' },
  absent_from_full_fetch: { fr: "absent d'une synchronisation complète", en: 'absent from a full sync' },
  disowned: { fr: 'cédé (disown)', en: 'disowned' },
  replaced: { fr: 'remplacé par un autre appareil', en: 'replaced by another device' },
};

const requestReasons: Readonly<Record<string, Words>> = {
  default_profile: { fr: 'profil par défaut', en: 'default profile' },
  routing_rule: { fr: 'règle de routage', en: 'routing rule' },
  manual: { fr: 'demande manuelle', en: 'manual request' },
  profile_revised: { fr: 'profil révisé', en: 'profile revised' },
  retry: { fr: 'nouvelle tentative', en: 'retry' },
};

const pick = (words: Words | undefined, lang: Lang, fallback: string) => (words ? words[lang] : fallback);

const describeIn = (event: RecordedEvent<DeviceEvent>): Words => {
  switch (event.type) {
    case 'DeviceAssignedToServer': {
      const { tokenId, details } = event.data;
      const what = [details.model, details.os].filter((x) => x !== null).join(', ');
      return {
        fr: `Apple signale l'appareil attribué au serveur MDM du jeton ${tokenId}${what ? ` (${what})` : ''}`,
        en: `Apple reports the device assigned to token ${tokenId}'s MDM server${what ? ` (${what})` : ''}`,
      };
    }
    case 'DeviceDetailsChanged':
      return {
        fr: `Apple signale des changements : ${Object.keys(event.data.changes).join(', ')}`,
        en: `Apple reports changes: ${Object.keys(event.data.changes).join(', ')}`,
      };
    case 'DeviceReleased': {
      const reason = releaseReasons[event.data.reason];
      return { fr: `Retiré : ${pick(reason, 'fr', event.data.reason)}`, en: `Released: ${pick(reason, 'en', event.data.reason)}` };
    }
    case 'ProfileAssignmentRequested': {
      const d = event.data;
      const reason = requestReasons[d.reason];
      const rule = d.rule === undefined ? '' : ` ${d.rule}`;
      return {
        fr: `Attribution du profil ${d.profileId} v${d.profileVersion} (${d.profileUuid}) demandée à Apple : ${pick(reason, 'fr', d.reason)}${rule}`,
        en: `Profile ${d.profileId} v${d.profileVersion} (${d.profileUuid}) requested from Apple: ${pick(reason, 'en', d.reason)}${rule}`,
      };
    }
    case 'ProfileAssignmentSucceeded':
      return { fr: `Apple a attribué le profil ${event.data.profileUuid}`, en: `Apple assigned profile ${event.data.profileUuid}` };
    case 'ProfileAssignmentFailed': {
      const d = event.data;
      return d.outcome === 'not_accessible'
        ? {
            fr: `Apple : appareil inaccessible pour le profil ${d.profileUuid}, sans nouvelle tentative`,
            en: `Apple: device not accessible for profile ${d.profileUuid}; not retried`,
          }
        : {
            fr: `Apple a refusé le profil ${d.profileUuid} (FAILED), nouvelle tentative à ${d.retryAt}`,
            en: `Apple failed to assign profile ${d.profileUuid}; retry at ${d.retryAt}`,
          };
    }
    case 'ProfileAssignmentThrottled':
      return {
        fr: `Apple a limité l'attribution du profil ${event.data.profileUuid}, nouvelle tentative à ${event.data.retryAt}`,
        en: `Apple throttled the assignment of profile ${event.data.profileUuid}; retry at ${event.data.retryAt}`,
      };
    case 'ProfilePushed':
      return {
        fr: `L'appareil a téléchargé son profil${event.data.profileUuid ? ` ${event.data.profileUuid}` : ''} dans l'Assistant Configuration`,
        en: `The device downloaded its profile${event.data.profileUuid ? ` ${event.data.profileUuid}` : ''} in Setup Assistant`,
      };
    case 'DeviceEnrolled':
      return {
        fr: `Inscrit auprès du MDM${event.data.profileUuid ? ` avec le profil ${event.data.profileUuid}` : ''}`,
        en: `Enrolled with the MDM${event.data.profileUuid ? ` with profile ${event.data.profileUuid}` : ''}`,
      };
    case 'DeviceUnenrolled':
      return { fr: `Désinscrit par un administrateur : ${event.data.reason}`, en: `Unenrolled by an administrator: ${event.data.reason}` };
    case 'DeviceDisowned':
      return {
        fr: `Cédé par un administrateur (retiré de l'organisation chez Apple) : ${event.data.reason}`,
        en: `Disowned by an administrator (removed from the organisation at Apple): ${event.data.reason}`,
      };
    case 'DeviceProfileCleared':
      return {
        fr: `Profil${event.data.profileUuid ? ` ${event.data.profileUuid}` : ''} retiré chez Apple par un administrateur : ${event.data.reason}`,
        en: `Profile${event.data.profileUuid ? ` ${event.data.profileUuid}` : ''} cleared at Apple by an administrator: ${event.data.reason}`,
      };
    case 'DeviceReplacementRecorded': {
      const { originalSerial, replacedOn } = event.data;
      return {
        fr: `Remplace l'appareil ${originalSerial}${replacedOn ? ` depuis le ${replacedOn}` : ''}`,
        en: `Replaces device ${originalSerial}${replacedOn ? ` since ${replacedOn}` : ''}`,
      };
    }
    case 'ActivationLockEscrowed': {
      const withKey = event.data.escrowKeyRef !== null;
      return {
        fr: `Verrouillage d'activation activé chez Apple${withKey ? ' (clé de séquestre et code de contournement dans le coffre)' : ' (lié au compte qui a créé le serveur MDM)'}`,
        en: `Activation Lock enabled at Apple${withKey ? ' (escrow key and bypass code in the vault)' : ' (tied to the account that created the MDM server)'}`,
      };
    }
    default: {
      const type = (event as { type: string }).type;
      return { fr: type, en: type };
    }
  }
};

/** One line, in the chosen language, saying what a device event means. */
export const describeDeviceEvent = (event: RecordedEvent<DeviceEvent>, lang: Lang): string => describeIn(event)[lang];
