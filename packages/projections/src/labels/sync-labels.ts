import type { SyncRunRefused } from '@depledger/core';
import type { SyncRunOutcome } from '../sync-history/sync-run-doc';
import { labelIn, type Label, type Lang } from './labels';

const outcomeLabels: Readonly<Record<SyncRunOutcome, Label>> = {
  running: { fr: 'En cours', en: 'Running' },
  completed: { fr: 'Terminée', en: 'Completed' },
  stopped_on_repeating_cursor: { fr: 'Arrêtée (curseur répété par Apple)', en: 'Stopped (Apple repeated the cursor)' },
  failed: { fr: 'Échec', en: 'Failed' },
  timed_out: { fr: 'Délai dépassé', en: 'Timed out' },
  abandoned: { fr: 'Abandonnée (processus arrêté)', en: 'Abandoned (its process died)' },
  refused: { fr: 'Refusée', en: 'Refused' },
};

type RefusalReason = SyncRunRefused['data']['reason'];

const refusalLabels: Readonly<Record<RefusalReason, Label>> = {
  run_in_progress: { fr: 'Une synchronisation est déjà en cours', en: 'A sync is already running' },
  too_soon: { fr: 'Trop tôt après la synchronisation manuelle précédente', en: 'Too soon after the previous manual sync' },
  token_not_active: { fr: "Le jeton n'est pas actif", en: 'The token is not active' },
  token_expired: { fr: 'Le jeton a expiré', en: 'The token has expired' },
  token_rejected: { fr: 'Apple a rejeté le jeton', en: 'Apple rejected the token' },
};

export const syncOutcomeLabel = (outcome: SyncRunOutcome, lang: Lang): string => labelIn(outcomeLabels[outcome], lang);
export const syncRefusalLabel = (reason: RefusalReason, lang: Lang): string => labelIn(refusalLabels[reason], lang);
