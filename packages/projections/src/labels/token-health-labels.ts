import { labelIn, type Label, type Lang } from './labels';

/** A token's health, the most urgent first: what an administrator must act on. */
export const tokenHealthCodes = ['removed', 'rejected', 'expired', 'terms_not_signed', 'expiring', 'awaiting_upload', 'ok'] as const;
export type TokenHealthCode = (typeof tokenHealthCodes)[number];

const labels: Readonly<Record<TokenHealthCode, Label>> = {
  removed: { fr: 'Supprimé', en: 'Removed' },
  rejected: { fr: 'Rejeté par Apple', en: 'Rejected by Apple' },
  expired: { fr: 'Expiré', en: 'Expired' },
  terms_not_signed: { fr: 'Conditions générales non acceptées', en: 'Terms and conditions not accepted' },
  expiring: { fr: 'Expire bientôt', en: 'Expiring soon' },
  awaiting_upload: { fr: 'En attente du jeton de serveur', en: 'Awaiting the server token' },
  ok: { fr: 'Opérationnel', en: 'Healthy' },
};

export const tokenHealthLabel = (code: TokenHealthCode, lang: Lang): string => labelIn(labels[code], lang);
